import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// The exports run on Workers too: Web Crypto SHA-1 for the UUIDs, no filesystem.
describe("exports on Workers (workerd)", () => {
  it("serves the OSCAL mapping and a CSV export", async () => {
    const oscal = await SELF.fetch("https://kakehashi.test/v1/exports/oscal/mappings?from=jc-star&to=uk-psti");
    expect(oscal.status).toBe(200);
    const body = (await oscal.json()) as { "mapping-collection": { uuid: string } };
    expect(body["mapping-collection"].uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    const csv = await SELF.fetch("https://kakehashi.test/v1/exports/csv/crosswalks?from=jc-star&to=uk-psti");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).startsWith("crosswalk,from_scheme")).toBe(true);
  });
});
