import { readFileSync } from "node:fs";
import type { ApiKeyConfig } from "./auth/api-keys.ts";
import { ConfigError, type NodeEnv, parseKeyList, parseNodeEnv } from "./env.ts";

/**
 * Everything the Node entry needs from its environment, checked together before anything starts: the variables,
 * the key file, and that every partner grant names a scheme the catalog holds (a typo such as "jcstar" would
 * otherwise leave a partner refused on every write). Throws one ConfigError listing every problem.
 */
export function loadConfiguration(
  variables: Record<string, string | undefined>,
  schemeIds: readonly string[],
): { env: NodeEnv; keys: ApiKeyConfig[] } {
  const problems: string[] = [];
  let env: NodeEnv | undefined;
  try {
    env = parseNodeEnv(variables);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  // The key file is checked even when a variable is bad: every problem in one run.
  const file = variables.API_KEYS_FILE;
  const fromFile = file ? keysFromFile(file, problems) : [];
  const sources = [
    ...(env?.API_KEYS ?? []).map((key, index) => ({ key, where: `API_KEYS[${index}]` })),
    ...fromFile.map((key, index) => ({ key, where: `API_KEYS_FILE[${index}]` })),
  ];
  const known = new Set(schemeIds);
  for (const { key, where } of sources) {
    for (const scheme of key.schemes) {
      if (!known.has(scheme)) {
        problems.push(`${where}.schemes: "${scheme}" is not a scheme in the catalog (${[...known].join(", ")})`);
      }
    }
    if (key.role === "partner" && key.schemes.length === 0) {
      problems.push(`${where}.schemes: a partner key needs at least one scheme it may write`);
    }
  }
  const ids = new Map<string, string>();
  for (const { key, where } of sources) {
    const earlier = ids.get(key.id);
    if (earlier) problems.push(`${where}.id: "${key.id}" is also the id of ${earlier}`);
    ids.set(key.id, where);
  }
  if (env?.REDIS_REQUIRE_DURABLE && !env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    problems.push("REDIS_REQUIRE_DURABLE: needs REDIS_URL (records kept in memory are never durable)");
  }
  if (env && env.WORKERS > 1 && !env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    problems.push(
      `WORKERS: ${env.WORKERS} processes need REDIS_URL or REDIS_CLUSTER_NODES (records kept in memory would be one set per process)`,
    );
  }
  if (env && env.REDIS_WAIT_REPLICAS > 0 && !env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    problems.push("REDIS_WAIT_REPLICAS: needs REDIS_URL or REDIS_CLUSTER_NODES (there are no replicas to wait for)");
  }
  if (problems.length > 0 || !env) throw new ConfigError(problems);
  return { env, keys: sources.map((s) => s.key) };
}

function keysFromFile(path: string, problems: string[]): ApiKeyConfig[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    problems.push(`API_KEYS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return [];
  }
  const parsed = parseKeyList(text, "API_KEYS_FILE");
  problems.push(...parsed.problems);
  return parsed.keys;
}
