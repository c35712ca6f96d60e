import type { FileKind } from "../parse-files.ts";

/**
 * The texts people are shown, per kind of data file, as key patterns (`*` = one list item): what src/web's pages,
 * the answers' `summary` / `nextSteps` (src/domain) and the CLI's human output (src/cli/kakehashi) read. A shown text
 * needs Japanese — in the companion file, or written in Japanese in the source file itself — unless it is listed in
 * `englishOnly` below. Anything else a companion file translates is welcome but not demanded.
 */
export const shownFields: Partial<Record<FileKind, readonly string[]>> = {
  scheme: [
    "name",
    "summary",
    "owner",
    "operator",
    "levels/*/name",
    "levels/*/summary",
    "levels/*/assurance/assessor",
    "levels/*/productScope/note",
    "requirements/*/title",
    "requirements/*/summary",
    "requirements/*/condition",
    "productCategories/*/native",
    "programmeStatus/*/event",
  ],
  vocabulary: ["categories/*/label", "categories/*/description"],
  arrangement: [
    "summary",
    "parties/*/name",
    "rules/*/productScope/note",
    "rules/*/conditions/*/text",
    "rules/*/fees/*/note",
  ],
  marketAccess: [
    "name",
    "summary",
    "rules/*/scopeNote",
    "rules/*/levelNote",
    "rules/*/legalBasis",
    "rules/*/summary",
    "rules/*/exceptions/*/text",
    "announcements/*/expected",
    "announcements/*/summary",
  ],
  crosswalk: ["title", "rows/*/note", "rows/*/qualifiers/*/text", "gaps/*/note"],
};

/**
 * Shown, and English on purpose: ids, standard numbers and the titles of documents and instruments stay as officially
 * titled (a companion file may still add the gloss a Japanese authority uses). Listed so the choice is explicit; the
 * check never asks for these. A market rule's `nextSteps` are written in both languages in the market file itself.
 */
export const englishOnly: Partial<Record<FileKind, readonly string[]>> = {
  scheme: ["id", "nativeName", "versions/*/id", "versions/*/title"],
  arrangement: ["id", "title", "rules/*/conditions/*/documents/*"],
  marketAccess: ["market", "rules/*/nextSteps/*/en", "rules/*/nextSteps/*/ja"],
  crosswalk: ["id"],
};

/**
 * Source files whose Japanese must be complete even without a companion file: a file listed here fails the build
 * while a shown text lacks Japanese. Every file that has a companion file must be complete too (a partial companion
 * file is an error); other files are only reported with their coverage.
 */
export const requiredJapanese: readonly string[] = [
  "schemes/jc-star.yaml",
  "schemes/vocabulary/product-categories.yaml",
];

/**
 * Not translated at all: where a text comes from and how sure we are of it (docs/i18n.md) — except a source's title,
 * which may carry a Japanese gloss shown beside the official title (`sources/S7/title`).
 */
export const untranslatable = /(^|\/)(sources|provenance)(\/|$)/;
export const glossableSourceTitle = /^sources\/[^/]+\/title$/;
