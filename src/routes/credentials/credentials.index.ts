import { createRouter } from "../../lib/create-router.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import { KakehashiCredential, VC_JWT_MEDIA_TYPE } from "../../schemas/credential.ts";
import { KakehashiCompactCredential } from "../../schemas/credential-compact.ts";
import * as handlers from "./credentials.handlers.ts";
import * as routes from "./credentials.routes.ts";

export const credentialsRouter = createRouter();
// The decoded payload of every vc+jwt the API sends: no route returns it as JSON, so it is registered by name.
credentialsRouter.openAPIRegistry.register("KakehashiCredential", KakehashiCredential);
credentialsRouter.openAPIRegistry.register("KakehashiCompactCredential", KakehashiCompactCredential);
// The verify route reads JSON or a bare vc+jwt through the same reading step as every other body (size, encoding,
// UTF-8, and for JSON nesting, duplicate members and lone surrogates).
credentialsRouter.use(
  routes.verify.path,
  ...bodyRules(["application/json", VC_JWT_MEDIA_TYPE], routes.VERIFY_LIMIT_BYTES),
);
credentialsRouter
  .openapi(routes.didDocument, handlers.didDocument)
  .openapi(routes.jwks, handlers.jwks)
  .openapi(routes.verify, handlers.verify)
  .openapi(routes.credentialAnswer, handlers.credentialAnswer)
  .openapi(routes.issuedCredential, handlers.issuedCredential);
