import { createHash, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ApiKeyConfig, MIN_TOKEN_LENGTH } from "../auth/api-keys.ts";

/**
 * `npm run keys -- new --role partner --scheme jc-star [--scheme sg-cls] [--id NAME]`: makes a fresh API key. The
 * token is printed once, for the caller to hand over; the server is configured with its sha256 only, so the entry
 * to paste into API_KEYS (or the API_KEYS_FILE list) is printed beside it. Nothing is written anywhere.
 */
const usage =
  "usage: npm run keys -- new --role reader|partner|admin [--scheme SCHEME ...] [--id NAME]\n" +
  "  prints a fresh token once and the API_KEYS entry (its sha256) to paste into the configuration";

function fail(message: string): never {
  process.stderr.write(`kakehashi keys: ${message}\n${usage}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      role: { type: "string" },
      scheme: { type: "string", multiple: true, default: [] },
      id: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (positionals[0] !== "new" || positionals.length !== 1) fail('the one command is "new"');
// The repository root, two folders up (keys are made from a checkout; the schemes are read from its files).
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The catalog's schemes are its files (schemes/<id>.yaml, checked by the build): no build needed to make a key.
const known = readdirSync(join(projectRoot, "schemes"))
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => name.slice(0, -".yaml".length));
for (const scheme of values.scheme) {
  if (!known.includes(scheme)) fail(`"${scheme}" is not a scheme in the catalog (${known.join(", ")})`);
}
if (values.role === "partner" && values.scheme.length === 0) fail("a partner key needs at least one --scheme");

// 32 random bytes, base64url: 43 characters, well above the minimum length the server accepts.
const token = `kk_${randomBytes(32).toString("base64url")}`;
if (token.length < MIN_TOKEN_LENGTH) fail("internal: token too short");
const entry = ApiKeyConfig.safeParse({
  id: values.id ?? `${values.role ?? "key"}-${randomBytes(3).toString("hex")}`,
  role: values.role,
  sha256: createHash("sha256").update(token).digest("hex"),
  schemes: values.scheme,
});
if (!entry.success) fail(entry.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; "));

process.stdout.write(
  "Token (shown once — hand it to the key's holder; the server never stores it):\n\n" +
    `  ${token}\n\n` +
    "Configuration entry — add it to the API_KEYS list (or the file API_KEYS_FILE names):\n\n" +
    `  ${JSON.stringify(entry.data)}\n`,
);
