import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { type ProblemFieldError, problemResponse } from "./problem.ts";
import type { AppEnv } from "./types.ts";

const targetNames: Record<string, string> = { param: "path", query: "query", json: "body", header: "header" };

/** zod issues → one `{pointer, detail}` per bad field, pointers rooted at the part of the request that held it. */
export function fieldErrors(target: string, error: ZodError): ProblemFieldError[] {
  const root = targetNames[target] ?? target;
  return error.issues.map((issue) => {
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const pointer = `/${[root, ...path.map(String)].map(escapePointer).join("/")}`;
    return { pointer, detail: describeIssue(root, path, issue) };
  });
}

/** zod's messages, reworded where they would confuse a client: an absent value is "required", not a type error. */
function describeIssue(root: string, path: PropertyKey[], issue: ZodError["issues"][number]): string {
  if (issue.code === "unrecognized_keys") return `unknown parameter "${issue.keys.join('", "')}"`;
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    const name = String(path.at(-1) ?? "");
    if (root === "header") return `the ${headerName(name)} header is required`;
    return `required (${issue.expected})`;
  }
  return issue.message;
}

/** `idempotency-key` → `Idempotency-Key`, as the header is written in the documentation. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

function escapePointer(part: string): string {
  return part.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A router whose validation failures all become RFC 9457 problems (400 for bad path or query parameters, 422 for
 * a well-formed body that breaks the rules) — no route defines its own hook.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    strict: true,
    defaultHook: (result, c) => {
      if (result.success) return;
      const status = result.target === "json" ? 422 : 400;
      const errors = fieldErrors(result.target, result.error).map((e) => {
        // A parameter written with nothing after `=` fails as a type or range error; say what is really wrong.
        const name = result.target === "query" ? /^\/query\/([^/]+)$/.exec(e.pointer)?.[1] : undefined;
        return name !== undefined && c.req.query(name) === ""
          ? { pointer: e.pointer, detail: `${name}= has no value: give one or leave the parameter out` }
          : e;
      });
      const detail =
        errors.length === 1 ? `${errors[0]?.pointer}: ${errors[0]?.detail}` : `${errors.length} invalid fields`;
      return problemResponse(c, status, detail, errors);
    },
  });
}
