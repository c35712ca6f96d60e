import { addressAllowed, judgeAddress } from "./target-address.ts";

/** Resolves a host name to every address it has (Node: dns.lookup with all: true). */
export type ResolveHost = (host: string) => Promise<string[]>;

export interface TargetRules {
  /** WEBHOOK_ALLOW_LOOPBACK: loopback targets (and plain http to them) allowed, for development. */
  allowLoopback: boolean;
  /** Absent (the Worker): names cannot be resolved, so only the syntax and literal addresses are checked there. */
  resolve?: ResolveHost;
}

/** Names of cloud metadata services, refused by name whatever they resolve to where this runs. */
const METADATA_NAMES = /^(metadata|metadata\.google\.internal|instance-data|instance-data\.ec2\.internal)\.?$/i;

/**
 * Why a subscription's target URL is refused, or undefined when it may be used: https only (http only to loopback
 * where the operator allows loopback), no credentials in the URL, and a host whose every address is public. The
 * Node sender checks the addresses again when it connects, and never follows a redirect.
 */
export async function refuseTarget(text: string, rules: TargetRules): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `the scheme ${url.protocol} is not http(s)`;
  if (url.username || url.password) return "credentials in the URL are not allowed (the signature authenticates)";
  if (url.hash) return "a fragment is never sent: leave it out";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (METADATA_NAMES.test(host)) return `${host} is a cloud metadata service`;
  const literal = judgeAddress(host);
  const addresses = literal !== undefined ? [host] : await resolveOrRefuse(host, rules.resolve);
  if (typeof addresses === "string") return addresses;
  const verdicts = addresses.map((address) => ({ address, verdict: judgeAddress(address) }));
  const refused = verdicts.find(({ verdict }) => !addressAllowed(verdict, rules.allowLoopback));
  if (refused) {
    const why = refused.verdict === "loopback" ? "loopback (not allowed by this server)" : "not a public address";
    return literal !== undefined ? `${host} is ${why}` : `${host} resolves to ${refused.address}, ${why}`;
  }
  const loopbackOnly = verdicts.length > 0 && verdicts.every(({ verdict }) => verdict === "loopback");
  if (url.protocol === "http:" && !loopbackOnly)
    return "plain http is allowed only to loopback (development): use https";
  return undefined;
}

async function resolveOrRefuse(host: string, resolve: ResolveHost | undefined): Promise<string[] | string> {
  if (!resolve) return [];
  try {
    const addresses = await resolve(host);
    return addresses.length > 0 ? addresses : `${host} does not resolve`;
  } catch {
    return `${host} does not resolve`;
  }
}
