import fc from "fast-check";
import type { RecordFieldFile } from "../../src/contracts/scheme.ts";
import { catalogIndex } from "./engine.ts";

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .-]{0,18}[A-Za-z0-9]$/);
const isoDay = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Values a field map reads through a `map` transform must be ones the map knows. */
function mappedValues(scheme: string, field: string): string[] | undefined {
  const map = catalogIndex.catalog.recordMaps.find((m) => m.scheme === scheme);
  const rule = map?.toCanonical.find((r) => r.from === `$.${field}` && r.transform[0] && "map" in r.transform[0]);
  const step = rule?.transform[0];
  return step && "map" in step ? Object.keys(step.map) : undefined;
}

function fieldValue(scheme: string, field: RecordFieldFile): fc.Arbitrary<unknown> {
  const known = mappedValues(scheme, field.name);
  if (known) return fc.constantFrom(...known);
  if (scheme === "sg-cls" && field.name === "registrationId") {
    // CSA/<expiry DDMMYY>/<product id>: the expiry part must be a real date.
    return fc
      .tuple(isoDay, fc.stringMatching(/^[A-Z0-9-]{1,12}$/))
      .map(([d, id]) => `CSA/${d.slice(8, 10)}${d.slice(5, 7)}${d.slice(2, 4)}/${id}`);
  }
  if (field.pattern) return fc.stringMatching(new RegExp(field.pattern));
  switch (field.type) {
    case "date":
      return isoDay;
    case "url":
      return word.map((w) => `https://example.org/${encodeURIComponent(w)}`);
    case "integer":
      return fc.integer();
    case "boolean":
      return fc.boolean();
    case "string[]":
      return fc.uniqueArray(fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,10}$/), { minLength: 1, maxLength: 5 });
    case "enum":
      return fc.constantFrom(...(field.values ?? []));
    default:
      return word;
  }
}

/** Valid native records of a scheme, built from its declared record format (and the values its map knows). */
export function recordArbitrary(scheme: string): fc.Arbitrary<Record<string, unknown>> {
  const fields = catalogIndex.scheme(scheme)?.recordFormat?.fields ?? [];
  const shape = Object.fromEntries(fields.map((f) => [f.name, fieldValue(scheme, f)]));
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return fc.record(shape, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}
