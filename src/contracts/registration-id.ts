import { z } from "@hono/zod-openapi";

/**
 * A registration id as the issuing scheme writes it — Singapore CLS ids hold slashes (`CSA/310327/EX-100-0001`),
 * others spaces or parentheses — so the API takes it as it is rather than asking for a private escape. In a URL it is
 * one path segment, percent-encoded (`encodeURIComponent`): `/` travels as `%2F`, a space as `%20`. It starts with a
 * character other than `.`, `/` or white space (so it is never `.` or `..`, which URLs resolve away), holds no
 * control character and no `|` (the stores' index separator), and does not end in white space. The patterns avoid
 * `\p{…}` classes so that they mean the same in every JSON Schema validator.
 */
export const REGISTRATION_ID_RULE =
  "The registration id exactly as the scheme issues it, as ONE percent-encoded path segment (encodeURIComponent): " +
  "a CLS id `CSA/310327/EX-100-0001` is written `CSA%2F310327%2FEX-100-0001`. 1–128 characters, not starting with " +
  "`.`, `/` or white space; no control characters, no `|`, no trailing white space.";

/**
 * The three rules below as one pattern, for the OpenAPI document: a JSON Schema has one `pattern`, and the document
 * must refuse what the server refuses (test/api/openapi-contract.test.ts checks that they agree).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
const REGISTRATION_ID_PATTERN = /^[^\s./|\u0000-\u001f\u007f](?:[^|\u0000-\u001f\u007f]*[^\s|\u0000-\u001f\u007f])?$/;

export const RegistrationId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\s./]/, "must not start with . / or white space")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  .regex(/^[^|\u0000-\u001f\u007f]*$/, "must not hold control characters or |")
  .regex(/\S$/, "must not end in white space")
  .openapi({ pattern: REGISTRATION_ID_PATTERN.source });
