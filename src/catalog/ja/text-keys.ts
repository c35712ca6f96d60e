/**
 * How a Japanese companion file names a text of its source file (docs/i18n.md): the path from the source file's root
 * to a string field, `/`-separated; an item of a list is named by its `id` (or `code`, or `key`) where every item of
 * the list has one, else by its 0-based index. The build (which checks the keys) and the run-time accessor (which
 * finds a catalog object's texts) both name things through this one function, so they cannot drift apart.
 */
export function itemKey(list: readonly unknown[], index: number): string {
  for (const field of ["id", "code", "key"]) {
    if (list.every((item) => typeof (item as Record<string, unknown> | null)?.[field] === "string")) {
      return String((list[index] as Record<string, unknown>)[field]);
    }
  }
  return String(index);
}

export const joinKey = (prefix: string, part: string) => (prefix ? `${prefix}/${part}` : part);

/**
 * Every object and list inside `data` (itself included), with the key that names it. `visit` is called for objects
 * and lists only; strings are reached as `key/field` of their parent.
 */
export function walkContainers(data: unknown, visit: (node: object, key: string) => void, key = ""): void {
  if (Array.isArray(data)) {
    visit(data, key);
    data.forEach((item, index) => {
      walkContainers(item, visit, joinKey(key, itemKey(data, index)));
    });
  } else if (data !== null && typeof data === "object") {
    visit(data, key);
    for (const [field, value] of Object.entries(data)) walkContainers(value, visit, joinKey(key, field));
  }
}

/** Every string of `data` by its key, with the structural path (`["levels", 0, "name"]`) to locate it in the file. */
export function stringLeaves(data: unknown): Map<string, { text: string; path: PropertyKey[] }> {
  const out = new Map<string, { text: string; path: PropertyKey[] }>();
  const walk = (node: unknown, key: string, path: PropertyKey[]) => {
    if (typeof node === "string") out.set(key, { text: node, path });
    else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, joinKey(key, itemKey(node, i)), [...path, i]);
    } else if (node !== null && typeof node === "object") {
      for (const [field, value] of Object.entries(node)) walk(value, joinKey(key, field), [...path, field]);
    }
  };
  walk(data, "", []);
  return out;
}

/** `levels/*\/name` matches `levels/STAR-1/name`: one `*` per key part. */
export function keyMatches(pattern: string, key: string): boolean {
  const p = pattern.split("/");
  const k = key.split("/");
  return p.length === k.length && p.every((part, i) => part === "*" || part === k[i]);
}
