import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { CompiledScheme, SchemeRequirement } from "../catalog/model.ts";
import {
  controlId,
  KAKEHASHI_NS,
  latestDay,
  metadata,
  type OscalLink,
  type OscalProp,
  prop,
  sourceResource,
} from "./oscal-common.ts";
import { type Sha1, uuidMinter } from "./uuid.ts";

/**
 * One scheme as an OSCAL 1.2.2 catalog: requirements are controls (grouped by their clause or area where the scheme
 * has one), each with its reference as `label`, its English title (the reference itself where no source gives a
 * title, marked unconfirmed — never invented), the Japanese title where sourced, its paraphrase as the statement and
 * the levels that demand it as properties. Levels are properties, not groups, because a requirement of a cumulative
 * scheme belongs to several levels and a control may appear only once. Sources are back-matter resources.
 */
export async function oscalCatalog(catalog: CatalogIndex, scheme: CompiledScheme, sha1: Sha1) {
  const uuid = uuidMinter(sha1);
  const sourceKeys = Object.keys(scheme.sources).sort();
  const resourceUuid = new Map<string, string>();
  for (const key of sourceKeys) resourceUuid.set(key, await uuid(`source:${scheme.id}:${key}`));
  const levelsOf = new Map<string, string[]>();
  for (const level of scheme.levels) {
    for (const id of level.allRequirements) levelsOf.set(id, [...(levelsOf.get(id) ?? []), level.id]);
  }

  const control = (requirement: SchemeRequirement) => {
    const id = controlId(requirement.id);
    const props: OscalProp[] = [
      { name: "label", value: requirement.id },
      prop("normativity", requirement.normativity),
      prop("confidence", requirement.provenance.confidence),
      ...(requirement.title === null ? [prop("title-status", "unconfirmed")] : []),
      ...(requirement.titleJa ? [prop("title-ja", requirement.titleJa)] : []),
      ...(requirement.version ? [prop("version", requirement.version)] : []),
      ...(levelsOf.get(requirement.id) ?? []).map((level) => prop("level", level)),
      ...requirement.evidence.map((kind) => prop("evidence", kind)),
    ];
    const links: OscalLink[] = requirement.provenance.cites.flatMap((cite) => {
      const target = resourceUuid.get(cite.source);
      return target ? [{ href: `#${target}`, rel: "reference", ...(cite.locator ? { text: cite.locator } : {}) }] : [];
    });
    const statement = requirement.summary ?? requirement.title;
    return {
      id,
      title: requirement.title ?? requirement.id,
      props,
      ...(links.length > 0 ? { links } : {}),
      parts: [
        { id: `${id}_smt`, name: "statement", ...(statement ? { prose: statement } : {}) },
        ...(requirement.condition ? [{ id: `${id}_gdn`, name: "guidance", prose: requirement.condition }] : []),
        // Controls have no remarks: why a fact is unconfirmed travels as a part in Kakehashi's namespace.
        ...(requirement.provenance.note
          ? [{ id: `${id}_prv`, name: "provenance-note", ns: KAKEHASHI_NS, prose: requirement.provenance.note }]
          : []),
      ],
    };
  };

  // Requirements keep the scheme's order; those of one clause or area form a group, in order of first appearance.
  const groups = new Map<string, SchemeRequirement[]>();
  const loose: SchemeRequirement[] = [];
  for (const requirement of scheme.requirements) {
    if (requirement.group) groups.set(requirement.group, [...(groups.get(requirement.group) ?? []), requirement]);
    else loose.push(requirement);
  }
  const version = scheme.versions.find((v) => v.status === "in-force") ?? scheme.versions[0];
  const levelsNote = scheme.levels
    .map((l) => `${l.id} (${l.name}): ${l.status}, assessed by ${l.assurance.mode}`)
    .join("; ");

  return {
    catalog: {
      uuid: await uuid(`catalog:${scheme.id}`),
      metadata: metadata({
        title: scheme.name,
        lastModified: latestDay([
          ...Object.values(scheme.sources).map((s) => s.published),
          ...scheme.versions.map((v) => v.effectiveFrom),
        ]),
        version: version?.id ?? "unversioned",
        catalogDigest: catalog.digest,
        props: [
          prop("scheme", scheme.id),
          prop("kind", scheme.kind),
          ...scheme.levels.map((l) => ({ ...prop("level", l.id), class: "level" })),
        ],
        remarks:
          `${scheme.summary}\n\n${levelsNote ? `Levels: ${levelsNote}. ` : ""}` +
          `Each control's "level" properties (namespace ${KAKEHASHI_NS}) name the levels that demand it.`,
      }),
      ...(loose.length > 0 ? { controls: loose.map(control) } : {}),
      ...(groups.size > 0
        ? {
            groups: [...groups].map(([name, members]) => ({
              id: controlId(`grp-${name}`),
              title: name,
              controls: members.map(control),
            })),
          }
        : {}),
      "back-matter": {
        resources: sourceKeys.flatMap((key) => {
          const source = scheme.sources[key];
          return source ? [sourceResource(resourceUuid.get(key) as string, source)] : [];
        }),
      },
    },
  };
}
