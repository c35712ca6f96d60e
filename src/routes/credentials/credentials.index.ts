import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createRouter } from "../../lib/create-router.ts";
import { problemResponse } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import { KakehashiCredential, VC_JWT_MEDIA_TYPE } from "../../schemas/credential.ts";
import * as handlers from "./credentials.handlers.ts";
import * as routes from "./credentials.routes.ts";

/** The verify route reads JSON or a bare vc+jwt (415 for anything else), within its size limit (413). */
const verifyBody: MiddlewareHandler<AppEnv>[] = [
  async (c, next) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json" && type !== VC_JWT_MEDIA_TYPE) {
      return problemResponse(
        c,
        415,
        `the body must be application/json or ${VC_JWT_MEDIA_TYPE} (Content-Type was "${type ?? "absent"}")`,
      );
    }
    await next();
  },
  bodyLimit({
    maxSize: routes.VERIFY_LIMIT_BYTES,
    onError: (c) => problemResponse(c, 413, `the body is larger than ${routes.VERIFY_LIMIT_BYTES / 1024} KiB`),
  }),
];

export const credentialsRouter = createRouter();
// The decoded payload of every vc+jwt the API sends: no route returns it as JSON, so it is registered by name.
credentialsRouter.openAPIRegistry.register("KakehashiCredential", KakehashiCredential);
credentialsRouter.use(routes.verify.path, ...verifyBody);
credentialsRouter
  .openapi(routes.didDocument, handlers.didDocument)
  .openapi(routes.jwks, handlers.jwks)
  .openapi(routes.verify, handlers.verify);
