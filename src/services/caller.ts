import type { Principal } from "../auth/api-keys.ts";
import type { Deadline } from "../lib/deadline.ts";

/**
 * Who asks, and how long the store may take: what a service needs of a request and nothing more. Services are built
 * once per app; the caller is passed to each call.
 */
export interface Caller {
  /** The authenticated key; absent where no key is required (then nothing is refused for want of a grant). */
  principal?: Principal | undefined;
  /** The request's one store deadline (src/lib/deadline.ts); absent: the store call waits as long as it takes. */
  deadline?: Deadline | undefined;
}
