import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "../lib/problem.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * For write routes: the body's media type must be the one the route reads (415 otherwise), and its size within the
 * route's limit (413, checked on the stream, so an oversized body is never read whole).
 */
export function bodyRules(mediaType: string, maxBytes: number): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== mediaType) {
        return problemResponse(c, 415, `the body must be ${mediaType} (Content-Type was "${type ?? "absent"}")`);
      }
      await next();
    },
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) => problemResponse(c, 413, `the body is larger than ${Math.round(maxBytes / 1024)} KiB`),
    }),
  ];
}
