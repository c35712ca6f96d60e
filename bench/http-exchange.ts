import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";

/**
 * What the HTTP benches (bench/http-ratios.ts, bench/http-budget.ts, bench/profile-gap.ts) share: the translation request they send, a
 * throughput round, and the app's own answers written to files for the servers that exchange the same bytes
 * (bench/bare-exchange.mjs, bench/hono-floor.mjs).
 */
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });

/** POST /v1/translations, JC-STAR → PSTI, the scheme's sample record: the POST goal's request. */
export const translationPost = {
  method: "POST" as const,
  body,
  headers: { "content-type": "application/json" },
};

export type Route = "get" | "post";
export const ROUTES: Route[] = ["get", "post"];

/** Requests a second at 50 connections over `seconds`; a failed or non-2xx answer fails the run. */
export async function throughput(base: string, route: Route, seconds: number): Promise<number> {
  const url = `${base}${route === "get" ? "/healthz" : "/v1/translations"}`;
  const options = route === "post" ? translationPost : {};
  const result = await autocannon({ url, connections: 50, duration: seconds, ...options });
  if (result.errors + result.non2xx > 0) throw new Error(`${url}: ${result.errors + result.non2xx} failed`);
  return result.requests.average;
}

/**
 * The app's answers to GET /healthz and to the translation, as files (removed at exit): the env the bare exchange
 * and the floor read them from.
 */
export async function answerFiles(): Promise<{ BARE_GET_FILE: string; BARE_POST_FILE: string }> {
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-answers-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const files = { BARE_GET_FILE: join(dir, "get"), BARE_POST_FILE: join(dir, "post") };
  const app = await startServer();
  try {
    writeFileSync(files.BARE_GET_FILE, Buffer.from(await (await fetch(`${app.base}/healthz`)).arrayBuffer()));
    const answer = await fetch(`${app.base}/v1/translations`, translationPost);
    writeFileSync(files.BARE_POST_FILE, Buffer.from(await answer.arrayBuffer()));
  } finally {
    await app.stop();
  }
  return files;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
