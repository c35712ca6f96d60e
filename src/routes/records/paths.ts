/** The record API's paths: served by the origin (Node), forwarded there by the edge Worker. */
export const RECORD_PATHS = /^\/v1\/(records|changes|labels)(\/|$)/;
