import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { paths } from "../../generated/api.js";

/**
 * openapi-fetch's methods with closed parameter objects: a query, path or header name the operation does not declare
 * (`asof` for `asOf`, `categroy`) is a compile error, reported at the name. openapi-fetch infers the options as a type
 * parameter, so TypeScript's excess-property check never runs; a misspelled optional name got through whenever the
 * object also held a declared one (a route with a required parameter), and always from a variable. Here every name
 * given that the operation does not declare must have an impossible type. An object typed with an index signature
 * (Record<string, string>) says nothing about its names and is let through, as before.
 * Only the types differ: the object at run time is openapi-fetch's client.
 */
type Media = "application/json" | "application/problem+json";
type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type Location = "query" | "path" | "header";

type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];
type Declared<Op, L extends Location> = Op extends { parameters: { [K in L]?: infer P } }
  ? keyof NonNullable<P>
  : never;
type Given<Init, L extends Location> = Init extends { params?: { [K in L]?: infer P } } ? keyof NonNullable<P> : never;

/** Each name in `init.params[location]` that the operation does not declare, typed as a message no value matches. */
type Closed<Init, Op> = {
  params?: {
    [L in Location]?: string extends Given<Init, L>
      ? unknown
      : { [K in Exclude<Given<Init, L>, Declared<Op, L>>]: `not a ${L} parameter of this operation` };
  };
};
type Operation<Path extends keyof paths, M extends Method> = paths[Path][M] extends infer Op extends Record<
  string | number,
  unknown
>
  ? Op
  : never;
// As openapi-fetch: the options may be left out when nothing in them is required; other keys (RequestInit) allowed.
type Options<Init, Op> = Init & Closed<Init, Op> & { [key: string]: unknown };

type ClosedMethod<M extends Method> = <Path extends PathsWith<M>, Init extends MaybeOptionalInit<paths[Path], M>>(
  url: Path,
  ...init: Partial<Init> extends Init ? [Options<Init, Operation<Path, M>>?] : [Options<Init, Operation<Path, M>>]
) => Promise<FetchResponse<Operation<Path, M>, Init, Media>>;

export type ClosedClient = Omit<Client<paths, Media>, Uppercase<Method>> & {
  [M in Method as Uppercase<M>]: ClosedMethod<M>;
};
