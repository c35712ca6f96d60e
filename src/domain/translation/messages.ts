import type { FieldSetter } from "../../contracts/scheme.ts";

/**
 * What a translation tells people, in English and Japanese: what is missing, who supplies it and why. Every warning
 * and unmapped entry is built here, so no validator or library text reaches a client.
 */
export interface Bilingual {
  en: string;
  ja: string;
}

/** A rule in force whose valid source label stands in for part of the target's record. */
export interface StandingRule {
  arrangement: string;
  rule: string;
  title: string;
}

/** Who a target field is left to: the issuing body, the manufacturer, or (for product facts) the manufacturer too. */
export interface Supplier {
  setBy: FieldSetter;
  /** The body that grants in the target scheme (from the catalog), in English and, where known, Japanese. */
  body: Bilingual;
}

const classJa: Record<"grant" | "declaration", string> = { grant: "認証（付与事項）", declaration: "製造者の宣言" };

export function suppliedBy(supplier: Supplier): Bilingual {
  switch (supplier.setBy) {
    case "grant":
      return {
        en: `issued by ${supplier.body.en} on application`,
        ja: `申請に基づき ${supplier.body.ja} が発行します`,
      };
    case "declaration":
      return {
        en: "declared by the manufacturer, in the document it signs",
        ja: "製造者が自ら署名する文書で宣言します",
      };
    case "product":
      return { en: "supplied by the manufacturer", ja: "製造者が提供します" };
  }
}

/** A target grant or declaration field left empty in a translation from another scheme. */
export function withheld(field: string, supplier: Supplier, from: string, to: string): Bilingual {
  const who = suppliedBy(supplier);
  if (supplier.setBy === "grant") {
    return {
      en: `${field} is left empty: ${who.en}. A ${from} label is not a ${to} grant, so nothing of it is copied here.`,
      ja: `${field} は空欄です。${who.ja}。${from} のラベルは ${to} の認証ではないため、その内容はここに写しません。`,
    };
  }
  return {
    en: `${field} is left empty: ${who.en}. Kakehashi cannot declare or sign for the manufacturer.`,
    ja: `${field} は空欄です。${who.ja}。Kakehashi が製造者に代わって宣言・署名することはできません。`,
  };
}

/** A target field a rule in force makes unnecessary while the source label is valid. */
export function stoodFor(field: string, setBy: "grant" | "declaration", from: string, to: string, rule: StandingRule) {
  const what = setBy === "grant" ? "grant" : "declaration";
  return {
    en:
      `${field} is left empty and not needed while the ${from} label is valid: under ${rule.title} ` +
      `(rule ${rule.rule}), the label stands for the ${to} ${what}.`,
    ja:
      `${field} は空欄ですが、${from} のラベルが有効な間は不要です。${rule.title}（規則 ${rule.rule}）により、` +
      `ラベルが ${to} の${classJa[setBy]}に代わります。`,
  };
}

/** A target field the map declares lost (no canonical field carries it), with who supplies it. */
export function lostOnTheWayOut(field: string, note: Bilingual, supplier: Supplier): Bilingual {
  const who = suppliedBy(supplier);
  return {
    en: `${field} is left empty: ${who.en}. ${note.en}`,
    ja: `${field} は空欄です。${who.ja}。${note.ja}`,
  };
}

/** A source field with no canonical counterpart: kept in the original, not carried to the target. */
export function lostOnTheWayIn(field: string, note: Bilingual, from: string): Bilingual {
  return {
    en: `${from} ${field} is not carried over: ${note.en}`,
    ja: `${from} の ${field} は引き継がれません。${note.ja}`,
  };
}

/** A canonical value the target format has no field for. */
export function noTargetField(path: string, format: string, from: string): Bilingual {
  return {
    en: `The ${from} record's ${path} is not carried over: the ${format} has no field for it.`,
    ja: `${from} の記録の ${path} は引き継がれません。${format} にこれを記載する項目がありません。`,
  };
}

/** A required target field that is empty after translation (one the source could have carried, but did not hold). */
export function requiredMissing(field: string, format: string, supplier: Supplier): Bilingual {
  const who = suppliedBy(supplier);
  return {
    en: `The ${format} requires ${field}, and it is missing: ${who.en}.`,
    ja: `${format} には ${field} が必要ですが、ありません。${who.ja}。`,
  };
}

const invalidWhy: Record<string, Bilingual> = {
  too_big: { en: "it is too long", ja: "長すぎます" },
  too_small: { en: "it is empty or too short", ja: "空か短すぎます" },
  invalid_format: { en: "it does not have the required format", ja: "必要な形式になっていません" },
  invalid_type: { en: "it is the wrong kind of value", ja: "値の種類が違います" },
  invalid_value: { en: "it is not one of the allowed values", ja: "許される値ではありません" },
};

/** A value carried over that the target format does not accept (e.g. too long, wrong pattern). */
export function invalidValue(field: string, format: string, issueCode: string): Bilingual {
  const why = invalidWhy[issueCode] ?? { en: "the format does not accept it", ja: "この形式では受け付けられません" };
  return {
    en: `The value carried over for ${field} does not fit the ${format}: ${why.en}. The manufacturer supplies a value that fits.`,
    ja: `${field} に引き継いだ値は ${format} に合いません（${why.ja}）。製造者が合う値を提供します。`,
  };
}

/** A source value a transform could not convert (an unknown code, a date in the wrong notation). */
export function notConvertible(field: string, why: Bilingual): Bilingual {
  return {
    en: `${field} could not be filled: ${why.en}. The manufacturer supplies it in the target's form.`,
    ja: `${field} を埋められませんでした（${why.ja}）。製造者が変換先の形式で提供します。`,
  };
}

/** A support period written relative to a release date: kept as text, not turned into an end date. */
export function relativeSupportPeriod(text: string): Bilingual {
  return {
    en:
      `The support period "${text}" is relative or has no date, so it is kept as text and not normalised to an ` +
      "end date. The manufacturer supplies the end date.",
    ja:
      `サポート期間「${text}」は相対的な期間か日付を含まないため、終了日に正規化せず文章のまま保持します。` +
      "終了日は製造者が提供します。",
  };
}

/** A record covering several models, translated into a format that holds one model per record. */
export function splitPerModel(count: number, from: string, format: string): Bilingual {
  return {
    en: `The ${format} holds one model; this ${from} record covers ${count}, so there is one target record per model (records).`,
    ja: `${format} は1件に1機種を記載します。この ${from} の記録は ${count} 機種を含むため、機種ごとに1件の記録を作成します（records）。`,
  };
}
