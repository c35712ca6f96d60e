/**
 * How a Japanese companion file names a text of its source file (docs/i18n.md): the path from the source file's root
 * to a string field, `/`-separated; an item of a list is named by its `id` (or `code`, or `key`) where every item of
 * the list has one, else by its 0-based index. The build (which checks the keys) and the run-time accessor (which
 * finds a catalog object's texts) both name things through this one function, so they cannot drift apart.
 */
export function itemKey(list: readonly unknown[], index: number): string {
  return keyOfItem(list, keyField(list), index);
}

/** The field that names every item of `list` (`id`, `code`, then `key`), or undefined: its items go by index. */
function keyField(list: readonly unknown[]): string | undefined {
  return ["id", "code", "key"].find((field) =>
    list.every((item) => typeof (item as Record<string, unknown> | null)?.[field] === "string"),
  );
}

function keyOfItem(list: readonly unknown[], field: string | undefined, index: number): string {
  return field === undefined ? String(index) : String((list[index] as Record<string, unknown>)[field]);
}

export const joinKey = (prefix: string, part: string) => (prefix ? `${prefix}/${part}` : part);

/**
 * Every object and list inside `data` (itself included), with the key that names it. `visit` is called for objects
 * and lists only; strings are reached as `key/field` of their parent.
 */
export function walkContainers(data: unknown, visit: (node: object, key: string) => void, key = ""): void {
  if (Array.isArray(data)) {
    visit(data, key);
    // The naming field once per list: asking itemKey for each item read the whole list again for every item.
    const field = keyField(data);
    data.forEach((item, index) => {
      walkContainers(item, visit, joinKey(key, keyOfItem(data, field, index)));
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
      const field = keyField(node);
      for (const [i, item] of node.entries()) walk(item, joinKey(key, keyOfItem(node, field, i)), [...path, i]);
    } else if (node !== null && typeof node === "object") {
      for (const [field, value] of Object.entries(node)) walk(value, joinKey(key, field), [...path, field]);
    }
  };
  walk(data, "", []);
  return out;
}

/**
 * Whether a key matches any of `patterns` (`levels/*\/name` matches `levels/STAR-1/name`: one `*` per key part), each
 * pattern split once for all the keys asked (thousands per data file).
 */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const split = patterns.map((pattern) => pattern.split("/"));
  return (key) => {
    const k = key.split("/");
    return split.some((p) => p.length === k.length && p.every((part, i) => part === "*" || part === k[i]));
  };
}
