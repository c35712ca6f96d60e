import { KakehashiCredential } from "../../contracts/credential.ts";
import { KakehashiCompactCredential } from "../../contracts/credential-compact.ts";
import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./credentials.handlers.ts";
import * as routes from "./credentials.routes.ts";

export const credentialsRouter = createRouter();
// The decoded payload of every vc+jwt the API sends: no route returns it as JSON, so it is registered by name.
credentialsRouter.openAPIRegistry.register("KakehashiCredential", KakehashiCredential);
credentialsRouter.openAPIRegistry.register("KakehashiCompactCredential", KakehashiCompactCredential);
credentialsRouter
  .openapi(routes.didDocument, handlers.didDocument)
  .openapi(routes.jwks, handlers.jwks)
  .openapi(routes.verify, handlers.verify)
  .openapi(routes.credentialAnswer, handlers.credentialAnswer)
  .openapi(routes.issuedCredential, handlers.issuedCredential);
