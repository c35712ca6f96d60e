/**
 * Which addresses a webhook may be sent to. Pure (no node:net), because the subscription routes also run in the
 * Worker bundle: the route checks a target when it is registered, and the Node sender checks every address a name
 * resolves to again just before it connects (a name may be re-pointed after registration — DNS rebinding).
 *
 * Refused: loopback (unless the operator allows it, for development), private and shared ranges, link-local (which
 * holds the cloud metadata address 169.254.169.254), unspecified, multicast, reserved and documentation ranges, and
 * the IPv6 forms that embed an IPv4 address (mapped, NAT64), judged by the address they embed.
 */
export type AddressVerdict = "public" | "loopback" | "forbidden";

/** IPv4 ranges nothing outside the operator's network should be reached at, as [first octets, prefix length]. */
const FORBIDDEN_V4: [number[], number][] = [
  [[0], 8], // "this network"
  [[10], 8], // private
  [[100, 64], 10], // shared address space (carrier-grade NAT)
  [[169, 254], 16], // link-local, cloud metadata
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2], 24], // documentation
  [[192, 88, 99], 24], // 6to4 relay anycast
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // documentation
  [[203, 0, 113], 24], // documentation
  [[224], 4], // multicast
  [[240], 4], // reserved, broadcast
];

export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function v4InRange(octets: number[], first: number[], prefix: number): boolean {
  const value = octets.reduce((sum, o) => sum * 256 + o, 0);
  const base = [...first, 0, 0, 0, 0].slice(0, 4).reduce((sum, o) => sum * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return Math.floor(value / size) === Math.floor(base / size);
}

function judgeV4(octets: number[]): AddressVerdict {
  if (octets[0] === 127) return "loopback";
  return FORBIDDEN_V4.some(([first, prefix]) => v4InRange(octets, first, prefix)) ? "forbidden" : "public";
}

/** An IPv6 address as eight 16-bit groups (an embedded dotted IPv4 tail included); undefined if it is not one. */
export function parseIpv6(text: string): number[] | undefined {
  const address = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!/^[0-9a-fA-F:.]+$/.test(address) || !address.includes(":")) return undefined;
  // A dotted IPv4 tail (::ffff:192.0.2.1) is rewritten as the two groups it is.
  let head = address;
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const v4 = parseIpv4(dotted[1] as string);
    if (!v4) return undefined;
    const hex = (x: number, y: number) => (x * 256 + y).toString(16);
    head = `${address.slice(0, dotted.index)}:${hex(v4[0] ?? 0, v4[1] ?? 0)}:${hex(v4[2] ?? 0, v4[3] ?? 0)}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const group = (part: string) => (part === "" ? [] : part.split(":"));
  const left = group(halves[0] ?? "");
  const right = halves.length === 2 ? group(halves[1] ?? "") : [];
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [
    ...left.map((g) => Number.parseInt(g, 16)),
    ...Array<number>(missing).fill(0),
    ...right.map((g) => Number.parseInt(g, 16)),
  ];
}

function judgeV6(groups: number[]): AddressVerdict {
  const [a = 0, b = 0, , , , f = 0, g = 0, h = 0] = groups;
  const zeroUntil = (n: number) => groups.slice(0, n).every((x) => x === 0);
  const embedded = () => [g >> 8, g & 255, h >> 8, h & 255];
  if (zeroUntil(7) && h === 1) return "loopback"; // ::1
  if (zeroUntil(8)) return "forbidden"; // ::
  if (zeroUntil(5) && f === 0xffff) return judgeV4(embedded()); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroUntil(6)) return judgeV4(embedded()); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (a === 0x64 && b === 0xff9b) return judgeV4(embedded()); // 64:ff9b::/96, NAT64
  if ((a & 0xfe00) === 0xfc00) return "forbidden"; // fc00::/7, unique local (AWS's fd00:ec2::254 metadata too)
  if ((a & 0xffc0) === 0xfe80) return "forbidden"; // fe80::/10, link-local
  if ((a & 0xff00) === 0xff00) return "forbidden"; // multicast
  if (a === 0x2001 && b === 0x0db8) return "forbidden"; // documentation
  if (a === 0x2002) return "forbidden"; // 6to4: embeds an IPv4 address of any range
  if (a === 0x2001 && b === 0) return "forbidden"; // Teredo: likewise
  if (a === 0x0100 && groups.slice(1, 4).every((x) => x === 0)) return "forbidden"; // 100::/64, discard-only
  return "public";
}

/** An IP address literal's verdict; undefined when the text is not an IP address (a host name). */
export function judgeAddress(text: string): AddressVerdict | undefined {
  const v4 = parseIpv4(text);
  if (v4) return judgeV4(v4);
  const v6 = parseIpv6(text);
  return v6 ? judgeV6(v6) : undefined;
}

/** Whether an address may be connected to, given whether the operator allows loopback. */
export function addressAllowed(verdict: AddressVerdict | undefined, allowLoopback: boolean): boolean {
  return verdict === "public" || (verdict === "loopback" && allowLoopback);
}
