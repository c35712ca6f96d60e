import type { components, KakehashiClient } from "../../client/index.ts";

/**
 * `kakehashi doctor`: the record values a running server's store cannot decode, found by the admin scan route, one
 * line each — and with --quarantine, each moved to its quarantine key (kept, never deleted) through the admin
 * quarantine route, asking nothing and saying what it did. Exit 0 when none is left, 1 when some are (found and not
 * quarantined, or at a key that names no record, which only a person can remove).
 */

type Found = components["schemas"]["UndecodableRecord"];
type Moved = components["schemas"]["QuarantinedRecord"];
/** main.ts's reading of a typed call: the 2xx body, or a thrown one-line problem. */
type Ask = <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>) => Promise<T>;

/** The scan's largest page: fewest round trips. */
const PAGE = 500;

export async function doctorCommand(
  client: KakehashiClient,
  ask: Ask,
  options: { quarantine: boolean; json: boolean },
): Promise<{ text: string; left: number }> {
  const found = await scanAll(client, ask);
  const moved: Moved[] = [];
  const gone: Found[] = [];
  const left: Found[] = [];
  for (const value of found) {
    if (!options.quarantine) left.push(value);
    else if (value.scheme === null || value.registrationId === null) left.push(value);
    else {
      const { scheme, registrationId } = value;
      const path = { scheme, registrationId };
      const answer = await client.POST("/v1/admin/records/undecodable/{scheme}/{registrationId}/quarantine", {
        params: { path },
      });
      // Moved by someone else (or repaired and removed) since the scan: nothing is there to move.
      if (answer.response.status === 404) gone.push(value);
      else moved.push(await ask(Promise.resolve(answer)));
    }
  }
  if (options.json) {
    return {
      text: `${JSON.stringify({ undecodable: found, quarantined: moved, gone, left }, null, 2)}\n`,
      left: left.length,
    };
  }
  const lines = [
    ...moved.map((m) => `quarantined ${m.scheme}/${m.registrationId}: ${m.key} → ${m.quarantineKey} (${m.reason})`),
    ...gone.map((g) => `already gone ${g.scheme}/${g.registrationId}: ${g.key}`),
    ...left.map((l) =>
      l.scheme === null || l.registrationId === null
        ? `${l.key}: ${l.reason}; remove it by hand (it names no record)`
        : `${l.key}: ${l.scheme}/${l.registrationId}: ${l.reason}`,
    ),
    summary(found.length, moved.length, left.length, options.quarantine),
  ];
  return { text: `${lines.join("\n")}\n`, left: left.length };
}

/** Every page of the scan; a key the scan meets twice (the store grew meanwhile) is listed once. */
async function scanAll(client: KakehashiClient, ask: Ask): Promise<Found[]> {
  const found = new Map<string, Found>();
  let cursor: string | undefined;
  do {
    const page = await ask(client.GET("/v1/admin/records/undecodable", { params: { query: { limit: PAGE, cursor } } }));
    for (const value of page.undecodable) found.set(value.key, value);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return [...found.values()];
}

function summary(found: number, moved: number, left: number, quarantine: boolean): string {
  if (found === 0) return "no undecodable record values";
  const counted = `${found} undecodable record value${found === 1 ? "" : "s"}`;
  if (!quarantine) return `${counted}; kakehashi doctor --quarantine moves them to quarantine keys (kept)`;
  return `${counted}: ${moved} quarantined, ${left} left`;
}
