import type { dateFormats, TransformStep } from "../schemas/record-map.ts";

type DateFormat = (typeof dateFormats)[number];

/** Thrown when a value cannot be transformed; the translator reports it as a warning on that field. */
export class TransformError extends Error {}

/** Applies a transform pipeline to one selected value. `undefined` means "nothing to map". */
export function applyTransforms(value: unknown, steps: readonly TransformStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === undefined || current === null) return current;
    current = applyStep(current, step);
  }
  return current;
}

function applyStep(value: unknown, step: TransformStep): unknown {
  if ("date" in step) return convertDate(asString(value), step.date.from, step.date.to);
  if ("map" in step) {
    const key = asString(value);
    const mapped = step.map[key] ?? step.default;
    if (mapped === undefined)
      throw new TransformError(`"${key}" has no entry in the map (${Object.keys(step.map).join(", ")})`);
    return mapped;
  }
  if ("match" in step) {
    const found = new RegExp(step.match).exec(asString(value));
    if (!found || found[step.group] === undefined)
      throw new TransformError(`"${asString(value)}" does not match ${step.match}`);
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
    if (!Array.isArray(value)) throw new TransformError("expected a list to pick from");
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

function asString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TransformError(`expected text, got ${Array.isArray(value) ? "a list" : typeof value}`);
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
  if (!found) throw new TransformError(`"${value}" is not a ${from} date`);
  const parts: Record<string, number> = {};
  order.forEach((part, i) => {
    parts[part] = Number(found[i + 1]);
  });
  const year = from === "DDMMYY" ? 2000 + (parts.y ?? 0) : (parts.y ?? 0);
  const month = parts.m ?? 0;
  const day = parts.d ?? 0;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new TransformError(`"${value}" is not a real date`);
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
