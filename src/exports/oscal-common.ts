import type { z } from "@hono/zod-openapi";
import type { Source as SourceSchema } from "../contracts/common.ts";

type Source = z.infer<typeof SourceSchema>;

/**
 * Pieces every OSCAL export shares: the model version, Kakehashi's property namespace, token-safe control ids,
 * metadata and back-matter resources built from a file's declared sources.
 */

export const OSCAL_VERSION = "1.2.2";

/** Properties that are Kakehashi's own (confidence, level, digest) live in this namespace, outside OSCAL's names. */
export const KAKEHASHI_NS = "urn:kakehashi:oscal";

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
}

export interface OscalLink {
  href: string;
  rel?: string;
  text?: string;
}

export interface OscalResource {
  uuid: string;
  title: string;
  props?: OscalProp[];
  citation?: { text: string };
  rlinks?: { href: string; "media-type"?: string }[];
}

export function prop(name: string, value: string): OscalProp {
  return { name, value, ns: KAKEHASHI_NS };
}

/**
 * A requirement reference as an OSCAL control id. Control ids are tokens (a letter or `_` first; letters, digits,
 * `.`, `-`, `_` after), while schemes number their clauses ("5.1-1", "1", "I.2(a)"): a leading digit gets `req-`,
 * brackets become `_`. The reference itself is kept in the control's `label` property.
 */
export function controlId(requirement: string): string {
  const safe = requirement.replace(/[^A-Za-z0-9._-]/g, "_");
  return /^[A-Za-z_]/.test(safe) ? safe : `req-${safe}`;
}

/** A day as OSCAL's date-time-with-timezone (midnight UTC). */
export function dayTime(day: string): string {
  return `${day}T00:00:00Z`;
}

/**
 * `last-modified` must be a timestamp, and a re-export of unchanged data must be byte-identical: so it is the latest
 * date the exported data itself carries (a source's publication, a version's entry into force), not the clock.
 */
export function latestDay(days: Iterable<string | undefined>, fallback = "2000-01-01"): string {
  let latest = fallback;
  for (const day of days) if (day && day > latest) latest = day;
  return latest;
}

export function metadata(input: {
  title: string;
  lastModified: string;
  version: string;
  catalogDigest: string;
  remarks?: string;
  props?: OscalProp[];
}) {
  return {
    title: input.title,
    "last-modified": dayTime(input.lastModified),
    version: input.version,
    "oscal-version": OSCAL_VERSION,
    props: [prop("catalog-digest", input.catalogDigest), ...(input.props ?? [])],
    ...(input.remarks ? { remarks: input.remarks } : {}),
  };
}

/** A declared source as a back-matter resource: title, citation, link, publication date, primary or secondary. */
export function sourceResource(uuid: string, source: Source): OscalResource {
  return {
    uuid,
    title: source.title,
    props: [
      ...(source.published ? [{ name: "published", value: dayTime(source.published) }] : []),
      prop("source-kind", source.kind),
    ],
    citation: { text: source.publisher ? `${source.publisher}: ${source.title}` : source.title },
    rlinks: [{ href: source.url }],
  };
}
