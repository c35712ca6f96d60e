import { z } from "@hono/zod-openapi";

/**
 * The OSCAL export bodies, described for the OpenAPI document. The authoritative definition of these models is NIST's
 * OSCAL 1.2.2 metaschema (tests check every export against it); these schemas name the required top-level parts and
 * leave the rest open, so they never contradict the metaschema.
 */

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

const OscalMetadata = z.looseObject({
  title: z.string(),
  "last-modified": z.string(),
  version: z.string(),
  "oscal-version": z.literal("1.2.2"),
  props: z.array(z.looseObject({ name: z.string(), value: z.string(), ns: z.string().optional() })),
});

export const OscalMappingCollection = z
  .object({
    "mapping-collection": z.looseObject({
      uuid: Uuid.describe("v5 UUID from the scheme pair: stable across re-exports"),
      metadata: OscalMetadata,
      provenance: z.looseObject({
        method: z.enum(["human", "automation", "hybrid"]),
        "matching-rationale": z.enum(["syntactic", "semantic", "functional"]),
        status: z.enum(["complete", "not-complete", "draft", "deprecated", "superseded"]),
        "mapping-description": z.string(),
      }),
      mappings: z.array(z.looseObject({ uuid: Uuid, maps: z.array(z.looseObject({ uuid: Uuid })) })).min(1),
      "back-matter": z.looseObject({ resources: z.array(z.looseObject({ uuid: Uuid })) }),
    }),
  })
  .openapi("OscalMappingCollection");

export const OscalCatalog = z
  .object({
    catalog: z.looseObject({
      uuid: Uuid.describe("v5 UUID from the scheme id: stable across re-exports"),
      metadata: OscalMetadata,
      controls: z.array(z.looseObject({ id: z.string(), title: z.string() })).optional(),
      groups: z.array(z.looseObject({ id: z.string(), title: z.string() })).optional(),
      "back-matter": z.looseObject({ resources: z.array(z.looseObject({ uuid: Uuid })) }).optional(),
    }),
  })
  .openapi("OscalCatalog");
