/**
 * The two ways a translation request can be refused, thrown by the translation modules and turned into problem
 * answers by the routes (a 422 naming every bad field, a 4xx listing the schemes that are supported). Kept apart so
 * that each module can throw them without importing the Translator facade.
 */

/** A record the translator cannot accept: every bad field, by JSON pointer into the request. */
export class InvalidRecordError extends Error {
  constructor(
    message: string,
    readonly errors: { pointer: string; detail: string }[],
  ) {
    super(message);
  }
}

/** A pair of schemes the catalog has no record map for. */
export class UnsupportedPairError extends Error {
  constructor(
    message: string,
    readonly supported: string[],
  ) {
    super(message);
  }
}
