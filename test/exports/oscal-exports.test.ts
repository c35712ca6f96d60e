import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oscalCatalog } from "../../src/exports/oscal-catalog.ts";
import { oscalMapping } from "../../src/exports/oscal-mapping.ts";
import { type Sha1, uuidV5, webCryptoSha1 } from "../../src/exports/uuid.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { ask, catalogIndex } from "../helpers/engine.ts";
import { Metaschema } from "../helpers/oscal/metaschema-checker.ts";

const dir = join(projectRoot, "test/fixtures/oscal");
const mappingModel = Metaschema.load(join(dir, "oscal_mapping_metaschema.xml"));
const catalogModel = Metaschema.load(join(dir, "oscal_catalog_metaschema.xml"));
const nodeSha1: Sha1 = (bytes) => createHash("sha1").update(bytes).digest();

const schemes = catalogIndex.allSchemes();
const scheme = (id: string) => {
  const found = catalogIndex.scheme(id);
  if (!found) throw new Error(id);
  return found;
};

// Every ordered pair of distinct schemes that some export relates (directly or through the hub).
const pairs = schemes.flatMap((a) => schemes.filter((b) => b.id !== a.id).map((b) => [a.id, b.id] as const));

// biome-ignore lint/suspicious/noExplicitAny: tests walk and mutate free-form OSCAL JSON
type Json = Record<string, any>;

describe("OSCAL exports against NIST's OSCAL 1.2.2 metaschema", () => {
  it("every scheme's catalog export satisfies the catalog model", async () => {
    for (const s of schemes) {
      const doc = await oscalCatalog(catalogIndex, s, nodeSha1);
      expect({ scheme: s.id, ...catalogModel.check(doc) }).toMatchObject({ scheme: s.id, errors: [] });
    }
  });

  it("every mapping export satisfies the mapping model, and its id-refs name controls of the two catalogs", async () => {
    let exported = 0;
    for (const [from, to] of pairs) {
      const doc = (await oscalMapping(catalogIndex, scheme(from), scheme(to), nodeSha1)) as Json | undefined;
      if (!doc) continue;
      exported++;
      expect({ pair: `${from}>${to}`, ...mappingModel.check(doc) }).toMatchObject({ errors: [] });
      const ids = async (id: string) => {
        const cat = (await oscalCatalog(catalogIndex, scheme(id), nodeSha1)) as Json;
        const controls = [
          ...(cat.catalog.controls ?? []),
          ...(cat.catalog.groups ?? []).flatMap((g: Json) => g.controls),
        ];
        return new Set(controls.map((c: Json) => c.id));
      };
      const [sourceIds, targetIds] = [await ids(from), await ids(to)];
      for (const mapping of doc["mapping-collection"].mappings) {
        for (const map of mapping.maps) {
          for (const s of map.sources) expect(sourceIds).toContain(s["id-ref"]);
          for (const t of map.targets) expect(targetIds).toContain(t["id-ref"]);
        }
      }
    }
    expect(exported).toBeGreaterThanOrEqual(10);
  });

  it("states direct rows with their relationship, coverage, confidence and provenance", async () => {
    const doc = (await oscalMapping(catalogIndex, scheme("jc-star"), scheme("uk-psti"), nodeSha1)) as Json;
    const collection = doc["mapping-collection"];
    expect(collection.provenance).toMatchObject({ method: "human", status: "complete" });
    const maps = collection.mappings.flatMap((m: Json) => m.maps);
    const passwords = maps.find((m: Json) => m.sources[0]["id-ref"] === "S1.1-02");
    expect(passwords).toMatchObject({
      relationship: "equal-to",
      targets: [{ type: "control", "id-ref": "req-1" }],
      coverage: { "generation-method": "arbitrary", "target-coverage": 1 },
      "confidence-score": { category: "high" },
      "matching-rationale": "functional",
    });
    // The declared "no PSTI counterpart" rows become the source gap summary.
    const gaps = collection.mappings[0]["source-gap-summary"]["unmapped-controls"][0]["with-ids"];
    expect(gaps).toContain("S1.1-01");
    expect(gaps).not.toContain("S1.1-02");
  });

  it("reads a set stated the other way round with the inverse relationship", async () => {
    const forward = (await oscalMapping(catalogIndex, scheme("etsi-en-303-645"), scheme("uk-psti"), nodeSha1)) as Json;
    const backward = (await oscalMapping(catalogIndex, scheme("uk-psti"), scheme("etsi-en-303-645"), nodeSha1)) as Json;
    const rel = (doc: Json) =>
      doc["mapping-collection"].mappings
        .flatMap((m: Json) => m.maps)
        .map(
          (m: Json) =>
            `${m.sources.map((s: Json) => s["id-ref"]).join("+")}|${m.relationship}|${m.targets.map((t: Json) => t["id-ref"]).join("+")}`,
        );
    const inverse: Record<string, string> = { "subset-of": "superset-of", "superset-of": "subset-of" };
    const flipped = rel(forward)
      .filter((r: string) => r.split("|")[0]?.split("+").length === 1)
      .map((r: string) => {
        const [s, relation = "", t] = r.split("|");
        return `${t}|${inverse[relation] ?? relation}|${s}`;
      });
    for (const row of flipped) expect(rel(backward)).toContain(row);
  });

  it("derives rows through the hub where no crosswalk relates the pair, marked as inferences", async () => {
    const doc = (await oscalMapping(catalogIndex, scheme("sg-cls"), scheme("uk-psti"), nodeSha1)) as Json;
    const collection = doc["mapping-collection"];
    expect(collection.provenance.method).toBe("automation");
    const derived = collection.mappings.find((m: Json) => m.method === "automation");
    expect(derived.status).toBe("draft");
    for (const map of derived.maps) {
      expect(map.props).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "derived-via", value: "etsi-en-303-645" })]),
      );
      expect(map["confidence-score"].category).not.toBe("high"); // one step below what it rests on
    }
  });

  it("says which chains through the hub it cannot decide, as the equivalence answer's undetermined entries do", async () => {
    const doc = (await oscalMapping(catalogIndex, scheme("jc-star"), scheme("us-ctm"), nodeSha1)) as Json;
    const description: string = doc["mapping-collection"].provenance["mapping-description"];
    const answer = ask("jc-star:STAR-1", "us-ctm", "2026-07-01");
    const chains = answer.coverage.levels.flatMap((l) => l.undetermined.flatMap((u) => u.paths));
    expect(chains.length).toBeGreaterThan(0);
    expect(description).toContain("cannot be decided");
    // Each undecided chain of the answer is named (as requirement ids, source > hub > target).
    for (const [a = "", h = "", b = ""] of chains) {
      const id = (step: string) => step.split(/:(.*)/)[1] ?? "";
      expect(description).toContain(`${id(a)} > ${id(h)} > ${id(b)}`);
    }
  });

  it("is deterministic: the same bytes twice, with Web Crypto or node:crypto; UUIDs unique in a document", async () => {
    const a = JSON.stringify(await oscalMapping(catalogIndex, scheme("jc-star"), scheme("sg-cls"), nodeSha1));
    const b = JSON.stringify(await oscalMapping(catalogIndex, scheme("jc-star"), scheme("sg-cls"), webCryptoSha1));
    expect(a).toBe(b);
    const uuids = [...a.matchAll(/"uuid":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it("mints RFC 9562 version 5 UUIDs (the standard's own example)", async () => {
    const dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    expect(await uuidV5("www.example.com", webCryptoSha1, dns)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(await uuidV5("www.example.com", nodeSha1, dns)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
});

describe("the metaschema checker fails what the metaschema forbids", () => {
  const valid = async () => (await oscalMapping(catalogIndex, scheme("jc-star"), scheme("uk-psti"), nodeSha1)) as Json;

  it("a relationship outside the allowed values", async () => {
    const doc = await valid();
    doc["mapping-collection"].mappings[0].maps[0].relationship = "equivalent";
    expect(mappingModel.check(doc).errors).toEqual([
      '/mapping-collection/mappings/0/maps/0/relationship: "equivalent" is not an allowed value (equivalent-to, equal-to, subset-of, superset-of, intersects-with, no-relationship)',
    ]);
  });

  it("a missing required flag, a missing required assembly and an unknown key", async () => {
    const doc = await valid();
    delete doc["mapping-collection"].provenance.method;
    delete doc["mapping-collection"].mappings[0].maps[0].targets;
    doc["mapping-collection"].mappings[0].maps[0].weight = 3;
    expect(mappingModel.check(doc).errors).toEqual([
      "/mapping-collection/provenance/method: required flag",
      "/mapping-collection/mappings/0/maps/0/targets: required (min-occurs 1)",
      "/mapping-collection/mappings/0/maps/0/weight: not defined on map",
    ]);
  });

  it("wrong data types, a single value where the model wants an array, a second choice", async () => {
    const doc = await valid();
    const map = doc["mapping-collection"].mappings[0].maps[0];
    map.uuid = "not-a-uuid";
    map.coverage["target-coverage"] = "1";
    map.sources = map.sources[0];
    map["confidence-score"] = { category: "high", percentage: 0.9 };
    const errors = mappingModel.check(doc).errors;
    expect(errors).toContain('/mapping-collection/mappings/0/maps/0/uuid: "not-a-uuid" is not a valid uuid');
    expect(errors).toContain(
      '/mapping-collection/mappings/0/maps/0/coverage/target-coverage: "1" is not a valid decimal',
    );
    expect(errors).toContain("/mapping-collection/mappings/0/maps/0/sources: must be an array");
    expect(errors).toContain(
      "/mapping-collection/mappings/0/maps/0/confidence-score: only one of category, percentage",
    );
  });

  it("an OSCAL-namespace property name a context does not allow; our own namespace is free", async () => {
    const doc = (await oscalCatalog(catalogIndex, scheme("uk-psti"), nodeSha1)) as Json;
    doc.catalog.metadata.props.push({ name: "anything-goes", value: "x", ns: "urn:kakehashi:oscal" });
    expect(catalogModel.check(doc).errors).toEqual([]);
    doc.catalog.metadata.props.push({ name: "made-up", value: "x" });
    expect(catalogModel.check(doc).errors).toEqual([
      `/catalog/metadata/props/${doc.catalog.metadata.props.length - 1}/name: "made-up" is not an allowed value (marking, keywords, resolution-tool, source-profile-uuid)`,
    ]);
  });
});
