/** The record API's paths: served by the origin (Node), forwarded there by the edge Worker. */
export const RECORD_PATHS = /^\/v1\/(records|changes|labels|admin)(\/|$)/;
/** Of those, the ones only an admin key may call (the operator's tools over the store). */
export const ADMIN_PATHS = /^\/v1\/admin(\/|$)/;
