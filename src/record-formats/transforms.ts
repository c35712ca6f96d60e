import type { dateFormats, TransformStep } from "../contracts/record-map.ts";

type DateFormat = (typeof dateFormats)[number];

/** Thrown when a value cannot be transformed; the translator reports it as a warning on that field, in both languages. */
export class TransformError extends Error {
  constructor(
    message: string,
    readonly ja: string,
  ) {
    super(message);
  }
}

/** Applies a transform pipeline to one selected value. `undefined` means "nothing to map". */
export function applyTransforms(value: unknown, steps: readonly TransformStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === undefined || current === null) return current;
    current = applyStep(current, step);
  }
  return current;
}

/** One step (exported for the generated field maps, which run the same steps). */
export function applyStep(value: unknown, step: TransformStep): unknown {
  if ("date" in step) return convertDate(asString(value), step.date.from, step.date.to);
  if ("map" in step) {
    const key = asString(value);
    // Own keys only: "constructor" or "__proto__" is an unknown value, not an inherited property.
    const mapped = (Object.hasOwn(step.map, key) ? step.map[key] : undefined) ?? step.default;
    if (mapped === undefined) {
      const known = Object.keys(step.map).join(", ");
      throw new TransformError(
        `"${key}" is not a known value (known: ${known})`,
        `「${key}」は既知の値ではありません（既知の値：${known}）`,
      );
    }
    return mapped;
  }
  if ("match" in step) {
    const found = new RegExp(step.match).exec(asString(value));
    if (!found || found[step.group] === undefined)
      throw new TransformError(
        `"${asString(value)}" does not have the expected form`,
        `「${asString(value)}」は想定した形式ではありません`,
      );
    return found[step.group];
  }
  if ("split" in step)
    return asString(value)
      .split(step.split)
      .map((part) => part.trim())
      .filter(Boolean);
  if ("join" in step) return Array.isArray(value) ? value.map(String).join(step.join) : asString(value);
  if ("first" in step) return Array.isArray(value) ? value[0] : value;
  if ("object" in step) return { ...step.object.add, [step.object.key]: value };
  if ("pick" in step) {
    if (!Array.isArray(value)) throw new TransformError("a list was expected", "一覧が必要です");
    const { where, field } = step.pick;
    const found = value.find(
      (item) =>
        item !== null &&
        typeof item === "object" &&
        Object.entries(where).every(([k, v]) => (item as Record<string, unknown>)[k] === v),
    ) as Record<string, unknown> | undefined;
    return found?.[field];
  }
  return Array.isArray(value) ? value : [value];
}

/** A scalar as text; a list or object cannot be (exported for the generated field maps). */
export function asString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TransformError("text was expected", "文字列が必要です");
}

const patterns: Record<DateFormat, { re: RegExp; order: ("y" | "m" | "d")[] }> = {
  "YYYY-MM-DD": { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: ["y", "m", "d"] },
  "YYYY/MM/DD": { re: /^(\d{4})\/(\d{2})\/(\d{2})$/, order: ["y", "m", "d"] },
  "DD.MM.YYYY": { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ["d", "m", "y"] },
  "DD/MM/YYYY": { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ["d", "m", "y"] },
  DDMMYY: { re: /^(\d{2})(\d{2})(\d{2})$/, order: ["d", "m", "y"] },
};

/** Converts between the date notations registries use; two-digit years are 20xx (labels exist from 2020 on). */
export function convertDate(value: string, from: DateFormat, to: DateFormat): string {
  const { re, order } = patterns[from];
  const found = re.exec(value.trim());
  if (!found)
    throw new TransformError(
      `"${value}" is not a date written ${from}`,
      `「${value}」は ${from} 形式の日付ではありません`,
    );
  const parts: Record<string, number> = {};
  order.forEach((part, i) => {
    parts[part] = Number(found[i + 1]);
  });
  const year = from === "DDMMYY" ? 2000 + (parts.y ?? 0) : (parts.y ?? 0);
  const month = parts.m ?? 0;
  const day = parts.d ?? 0;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new TransformError(`"${value}" is not a real date`, `「${value}」は実在する日付ではありません`);
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  switch (to) {
    case "YYYY-MM-DD":
      return `${year}-${pad(month)}-${pad(day)}`;
    case "YYYY/MM/DD":
      return `${year}/${pad(month)}/${pad(day)}`;
    case "DD.MM.YYYY":
      return `${pad(day)}.${pad(month)}.${year}`;
    case "DD/MM/YYYY":
      return `${pad(day)}/${pad(month)}/${year}`;
    case "DDMMYY":
      return `${pad(day)}${pad(month)}${pad(year % 100)}`;
  }
}
