import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { child, childrenNamed, parseXml, type XmlElement } from "./xml.ts";

/**
 * Checks an OSCAL JSON document against NIST's metaschema definitions, read from the metaschema XML files themselves:
 * the root name, every flag, field and assembly with its JSON key (use-name, group-as), required flags, min and max
 * occurrences, choices, unknown keys, data types, and allowed values — both those on a definition and those an
 * assembly declares for a target path (e.g. `prop[has-oscal-namespace('…')]/@name`), combined as the union the
 * metaschema specifies. A list that includes an unresolved external entity, or allows other values, is open.
 * Constraints whose target uses path syntax this reader does not handle are counted in `skipped`, never guessed.
 */

interface Allowed {
  id: string;
  values: ReadonlySet<string>;
  open: boolean;
}
interface FlagDef {
  name: string;
  asType: string;
  allowed: Allowed[];
}
interface FlagUse {
  name: string;
  required: boolean;
  def: () => FlagDef;
}
interface Targeted {
  target: string;
  allowed: Allowed;
}
interface FieldDef {
  kind: "field";
  name: string;
  asType: string;
  flags: FlagUse[];
  valueKey: string;
  allowed: Allowed[];
  targeted: Targeted[];
}
interface AssemblyDef {
  kind: "assembly";
  name: string;
  rootName: string | undefined;
  flags: FlagUse[];
  model: ModelItem[];
  targeted: Targeted[];
}
type Def = FieldDef | AssemblyDef;
type ModelItem =
  | {
      kind: "member";
      xmlName: string;
      jsonKey: string;
      min: number;
      many: boolean;
      singletonOrArray: boolean;
      def: () => Def;
    }
  | { kind: "choice"; items: ModelItem[] }
  | { kind: "any" };

export interface CheckResult {
  errors: string[];
  /** Allowed-values constraints whose target path this checker cannot evaluate. */
  skipped: number;
}

const OSCAL_NS = "http://csrc.nist.gov/ns/oscal";

const datatypes: Record<string, (v: unknown) => boolean> = {
  uuid: (v) =>
    typeof v === "string" &&
    /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/.test(v),
  token: (v) => typeof v === "string" && /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u.test(v),
  uri: (v) => typeof v === "string" && /^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$/.test(v),
  "uri-reference": (v) => typeof v === "string" && v.length > 0,
  "date-time-with-timezone": (v) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  "date-with-timezone": (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})$/.test(v),
  date: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(v),
  decimal: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  "non-negative-integer": (v) => Number.isInteger(v) && (v as number) >= 0,
  "positive-integer": (v) => Number.isInteger(v) && (v as number) > 0,
  boolean: (v) => typeof v === "boolean",
  // OSCAL strings: non-empty, one line, no leading or trailing white space.
  string: (v) => typeof v === "string" && /^\S(.*\S)?$/.test(v),
  "markup-line": (v) => typeof v === "string" && /^[^\n]+$/.test(v),
  "markup-multiline": (v) => typeof v === "string" && v.length > 0,
  "email-address": (v) => typeof v === "string" && /^.+@.+$/.test(v),
  base64: (v) => typeof v === "string" && /^[0-9A-Za-z+/]+={0,2}$/.test(v),
};

export class Metaschema {
  private readonly flags = new Map<string, FlagDef>();
  private readonly fields = new Map<string, FieldDef>();
  private readonly assemblies = new Map<string, AssemblyDef>();
  private readonly loaded = new Set<string>();

  /** Loads a metaschema file and everything it imports. */
  static load(path: string): Metaschema {
    const schema = new Metaschema();
    schema.loadFile(path);
    for (const settle of schema.unsettled) settle();
    return schema;
  }

  private loadFile(path: string): void {
    if (this.loaded.has(path)) return;
    this.loaded.add(path);
    const root = child(parseXml(readFileSync(path, "utf8")), "METASCHEMA");
    if (!root) throw new Error(`${path}: not a metaschema`);
    for (const imported of childrenNamed(root, "import")) this.loadFile(join(dirname(path), imported.attrs.href ?? ""));
    for (const el of root.children) {
      const useName = child(el, "use-name")?.text.trim();
      if (useName) this.useNames.set(`${el.name === "define-field" ? "field" : "assembly"}:${el.attrs.name}`, useName);
      if (el.name === "define-flag") this.flags.set(el.attrs.name ?? "", this.flagDef(el));
      if (el.name === "define-field") this.fields.set(el.attrs.name ?? "", this.fieldDef(el));
      if (el.name === "define-assembly") this.assemblies.set(el.attrs.name ?? "", this.assemblyDef(el));
    }
  }

  private flagDef(el: XmlElement): FlagDef {
    const own = this.constraints(el);
    return { name: el.attrs.name ?? "", asType: el.attrs["as-type"] ?? "string", allowed: own.self };
  }

  private fieldDef(el: XmlElement): FieldDef {
    const own = this.constraints(el);
    const asType = el.attrs["as-type"] ?? "string";
    return {
      kind: "field",
      name: el.attrs.name ?? "",
      asType,
      flags: this.flagUses(el),
      valueKey: child(el, "json-value-key")?.text.trim() ?? (asType.startsWith("markup") ? "RICHTEXT" : "STRVALUE"),
      allowed: own.self,
      targeted: own.targeted,
    };
  }

  private assemblyDef(el: XmlElement): AssemblyDef {
    const model = child(el, "model");
    return {
      kind: "assembly",
      name: el.attrs.name ?? "",
      rootName: child(el, "root-name")?.text.trim(),
      flags: this.flagUses(el),
      model: model ? this.modelItems(model) : [],
      targeted: this.constraints(el).targeted,
    };
  }

  private flagUses(el: XmlElement): FlagUse[] {
    return el.children.flatMap((f): FlagUse[] => {
      if (f.name === "define-flag") {
        const def = this.flagDef(f);
        return [{ name: def.name, required: f.attrs.required === "yes", def: () => def }];
      }
      if (f.name === "flag") {
        const ref = f.attrs.ref ?? "";
        return [{ name: ref, required: f.attrs.required === "yes", def: () => this.lookup(this.flags, ref, "flag") }];
      }
      return [];
    });
  }

  private modelItems(el: XmlElement): ModelItem[] {
    return el.children.flatMap((m): ModelItem[] => {
      if (m.name === "choice") return [{ kind: "choice", items: this.modelItems(m) }];
      if (m.name === "any") return [{ kind: "any" }];
      const inline = m.name === "define-assembly" || m.name === "define-field";
      const isRef = m.name === "assembly" || m.name === "field";
      if (!inline && !isRef) return [];
      const name = (inline ? m.attrs.name : m.attrs.ref) ?? "";
      let def: () => Def;
      if (m.name === "define-assembly") {
        const d = this.assemblyDef(m);
        def = () => d;
      } else if (m.name === "define-field") {
        const d = this.fieldDef(m);
        def = () => d;
      } else if (m.name === "assembly") def = () => this.lookup(this.assemblies, name, "assembly");
      else def = () => this.lookup(this.fields, name, "field");
      const max = m.attrs["max-occurs"] ?? "1";
      const many = max === "unbounded" || Number(max) > 1;
      const group = child(m, "group-as");
      const item = {
        kind: "member" as const,
        xmlName: name,
        jsonKey: name,
        min: Number(m.attrs["min-occurs"] ?? "0"),
        many,
        singletonOrArray: many && group?.attrs["in-json"] === "SINGLETON_OR_ARRAY",
        def,
      };
      // The element's name: a use-name on the reference, else one on the global definition (which may be defined
      // further on, so names are settled once every file is loaded), else its name.
      const own = child(m, "use-name")?.text.trim();
      this.unsettled.push(() => {
        const useName = own ?? (isRef ? this.useNames.get(`${m.name}:${name}`) : undefined) ?? name;
        item.xmlName = useName;
        item.jsonKey = many ? (group?.attrs.name ?? useName) : useName;
      });
      return [item];
    });
  }

  private readonly unsettled: (() => void)[] = [];
  private readonly useNames = new Map<string, string>();

  private constraints(el: XmlElement): { self: Allowed[]; targeted: Targeted[] } {
    const self: Allowed[] = [];
    const targeted: Targeted[] = [];
    for (const c of childrenNamed(el, "constraint")) {
      for (const av of childrenNamed(c, "allowed-values")) {
        const allowed: Allowed = {
          id: av.attrs.id ?? "(unnamed)",
          values: new Set(childrenNamed(av, "enum").map((e) => e.attrs.value ?? "")),
          open: av.attrs["allow-other"] === "yes" || av.unresolvedEntity,
        };
        const target = av.attrs.target;
        if (!target || target === ".") self.push(allowed);
        else targeted.push({ target, allowed });
      }
    }
    return { self, targeted };
  }

  private lookup<T>(map: Map<string, T>, name: string, kind: string): T {
    const found = map.get(name);
    if (!found) throw new Error(`metaschema: no ${kind} named ${name}`);
    return found;
  }

  /** Checks a JSON document whose single key is a root assembly's root name. */
  check(document: unknown): CheckResult {
    const run = new Run();
    if (!isObject(document)) return { errors: ["/: the document must be a JSON object"], skipped: 0 };
    const keys = Object.keys(document).filter((k) => k !== "$schema");
    const roots = [...this.assemblies.values()].filter((a) => a.rootName);
    const root = roots.find((a) => a.rootName === keys[0]);
    if (keys.length !== 1 || !root) {
      run.error("", `the document must have one root, one of ${roots.map((r) => r.rootName).join(", ")}`);
    } else this.assembly(run, root, document[keys[0] as string], `/${keys[0]}`);
    run.settleAllowedValues();
    return { errors: run.errors, skipped: run.skipped };
  }

  private assembly(run: Run, def: AssemblyDef, value: unknown, pointer: string): void {
    if (!isObject(value)) {
      run.error(pointer, `${def.name} must be an object`);
      return;
    }
    const known = new Set<string>();
    let open = false;
    for (const flag of def.flags) {
      known.add(flag.name);
      this.flag(run, flag, value, pointer);
    }
    const visit = (items: readonly ModelItem[], inChoice: boolean) => {
      for (const item of items) {
        if (item.kind === "any") open = true;
        else if (item.kind === "choice") {
          const present = item.items.filter((i) => i.kind === "member" && i.jsonKey in value);
          if (present.length > 1) {
            run.error(pointer, `only one of ${present.map((i) => (i.kind === "member" ? i.jsonKey : "")).join(", ")}`);
          }
          visit(item.items, true);
        } else {
          known.add(item.jsonKey);
          this.member(run, item, value[item.jsonKey], `${pointer}/${item.jsonKey}`, inChoice);
        }
      }
    };
    visit(def.model, false);
    if (!open) {
      for (const key of Object.keys(value))
        if (!known.has(key)) run.error(`${pointer}/${key}`, `not defined on ${def.name}`);
    }
    for (const t of def.targeted) this.targeted(run, def, value, pointer, t);
  }

  private member(
    run: Run,
    item: Extract<ModelItem, { kind: "member" }>,
    value: unknown,
    pointer: string,
    inChoice: boolean,
  ): void {
    if (value === undefined) {
      if (item.min > 0 && !inChoice) run.error(pointer, `required (min-occurs ${item.min})`);
      return;
    }
    const def = item.def();
    let values: unknown[];
    if (item.many) {
      if (Array.isArray(value)) values = value;
      else if (item.singletonOrArray) values = [value];
      else {
        run.error(pointer, "must be an array");
        return;
      }
      if (values.length === 0) {
        run.error(pointer, "an array, when present, holds at least one item");
        return;
      }
      if (values.length < item.min) run.error(pointer, `needs at least ${item.min} items`);
    } else {
      if (Array.isArray(value)) {
        run.error(pointer, "must be a single value, not an array");
        return;
      }
      values = [value];
    }
    values.forEach((v, i) => {
      const at = Array.isArray(value) ? `${pointer}/${i}` : pointer;
      if (def.kind === "assembly") this.assembly(run, def, v, at);
      else this.field(run, def, v, at);
    });
  }

  private field(run: Run, def: FieldDef, value: unknown, pointer: string): void {
    if (def.flags.length === 0) {
      this.datatype(run, def.asType, value, pointer);
      run.allowed(pointer, value, def.allowed);
      for (const t of def.targeted) this.targeted(run, def, value, pointer, t);
      return;
    }
    if (!isObject(value)) {
      run.error(pointer, `${def.name} has flags, so it must be an object`);
      return;
    }
    for (const flag of def.flags) this.flag(run, flag, value, pointer);
    const known = new Set([...def.flags.map((f) => f.name), def.valueKey]);
    for (const key of Object.keys(value))
      if (!known.has(key)) run.error(`${pointer}/${key}`, `not defined on ${def.name}`);
    if (value[def.valueKey] === undefined) run.error(`${pointer}/${def.valueKey}`, "required (the field's value)");
    else {
      this.datatype(run, def.asType, value[def.valueKey], `${pointer}/${def.valueKey}`);
      run.allowed(`${pointer}/${def.valueKey}`, value[def.valueKey], def.allowed);
    }
    for (const t of def.targeted) this.targeted(run, def, value, pointer, t);
  }

  private flag(run: Run, use: FlagUse, owner: Record<string, unknown>, pointer: string): void {
    const value = owner[use.name];
    if (value === undefined) {
      if (use.required) run.error(`${pointer}/${use.name}`, "required flag");
      return;
    }
    const def = use.def();
    this.datatype(run, def.asType, value, `${pointer}/${use.name}`);
    run.allowed(`${pointer}/${use.name}`, value, def.allowed);
  }

  private datatype(run: Run, asType: string, value: unknown, pointer: string): void {
    const test = datatypes[asType];
    if (!test) {
      run.error(pointer, `unknown data type ${asType} (checker)`);
      return;
    }
    if (!test(value)) run.error(pointer, `${JSON.stringify(value)?.slice(0, 60)} is not a valid ${asType}`);
  }

  /**
   * Evaluates an assembly's allowed-values constraint on a target path relative to it: steps are element names with
   * optional predicates `has-oscal-namespace('…')` and `@flag='v'` / `@flag=('a','b')` joined by `and`, a leading `.`,
   * and a final `@flag`. Anything else (`//`, functions) is skipped and counted.
   */
  private targeted(run: Run, def: Def, value: unknown, pointer: string, t: Targeted): void {
    const steps = parseTarget(t.target);
    if (!steps) {
      run.skipped++;
      return;
    }
    let nodes: { def: Def; value: unknown; pointer: string }[] = [{ def, value, pointer }];
    for (const [index, step] of steps.entries()) {
      const last = index === steps.length - 1;
      if (step.flag) {
        for (const node of nodes) {
          if (isObject(node.value) && node.value[step.flag] !== undefined) {
            run.allowed(`${node.pointer}/${step.flag}`, node.value[step.flag], [t.allowed]);
          }
        }
        return;
      }
      const next: typeof nodes = [];
      for (const node of nodes) {
        const candidates =
          step.name === "."
            ? [node]
            : node.def.kind === "assembly"
              ? members(node.def.model)
                  .filter((m) => m.xmlName === step.name)
                  .flatMap((m) => {
                    const v = isObject(node.value) ? node.value[m.jsonKey] : undefined;
                    if (v === undefined) return [];
                    const list = Array.isArray(v) ? v : [v];
                    return list.map((x, i) => ({
                      def: m.def(),
                      value: x,
                      pointer: Array.isArray(v) ? `${node.pointer}/${m.jsonKey}/${i}` : `${node.pointer}/${m.jsonKey}`,
                    }));
                  })
              : [];
        next.push(...candidates.filter((c) => step.predicates.every((p) => p(c.value))));
      }
      nodes = next;
      if (last) {
        // A path that ends on a field: the constraint is on its value.
        for (const node of nodes) {
          if (node.def.kind === "field") {
            const v = isObject(node.value) ? node.value[node.def.valueKey] : node.value;
            run.allowed(isObject(node.value) ? `${node.pointer}/${node.def.valueKey}` : node.pointer, v, [t.allowed]);
          }
        }
      }
    }
  }
}

function members(items: readonly ModelItem[]): Extract<ModelItem, { kind: "member" }>[] {
  return items.flatMap((i) => (i.kind === "member" ? [i] : i.kind === "choice" ? members(i.items) : []));
}

interface Step {
  name?: string;
  flag?: string;
  predicates: ((node: unknown) => boolean)[];
}

function parseTarget(target: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const raw of splitSteps(target)) {
    if (raw === "" || raw.includes("|")) return undefined; // `//` (descendants) and unions are not handled
    const flag = /^@([\w-]+)$/.exec(raw);
    if (flag) {
      steps.push({ flag: flag[1], predicates: [] });
      continue;
    }
    const m = /^([\w.-]+)(?:\[(.*)\])?$/.exec(raw);
    if (!m) return undefined;
    const predicates: Step["predicates"] = [];
    for (const part of m[2] ? m[2].split(/\s+and\s+/) : []) {
      const ns = /^has-oscal-namespace\('([^']+)'\)$/.exec(part);
      const eq = /^@([\w-]+)=\(?((?:'[^']*',?)+)\)?$/.exec(part);
      if (ns) {
        const wanted = ns[1];
        predicates.push((node) => (isObject(node) && typeof node.ns === "string" ? node.ns : OSCAL_NS) === wanted);
      } else if (eq) {
        const flagName = eq[1] as string;
        const values = [...(eq[2] as string).matchAll(/'([^']*)'/g)].map((v) => v[1]);
        predicates.push((node) => isObject(node) && values.includes(node[flagName] as string));
      } else return undefined;
    }
    steps.push({ name: m[1], predicates });
  }
  return steps;
}

/** Splits a path at `/`, except inside predicates and quotes (namespace URIs hold slashes). */
function splitSteps(target: string): string[] {
  const steps: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of target) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "[") depth++;
    else if (!quoted && ch === "]") depth--;
    if (ch === "/" && depth === 0 && !quoted) {
      steps.push(current);
      current = "";
    } else current += ch;
  }
  steps.push(current);
  return steps;
}

/** One check run: errors, and every value's allowed-values constraints, collected then settled as a union. */
class Run {
  readonly errors: string[] = [];
  skipped = 0;
  private readonly pending = new Map<string, { value: unknown; allowed: Allowed[] }>();

  error(pointer: string, message: string): void {
    this.errors.push(`${pointer || "/"}: ${message}`);
  }

  allowed(pointer: string, value: unknown, allowed: readonly Allowed[]): void {
    if (allowed.length === 0) return;
    const entry = this.pending.get(pointer) ?? { value, allowed: [] };
    entry.allowed.push(...allowed);
    this.pending.set(pointer, entry);
  }

  settleAllowedValues(): void {
    for (const [pointer, { value, allowed }] of this.pending) {
      if (allowed.some((a) => a.open)) continue;
      if (!allowed.some((a) => a.values.has(String(value)))) {
        const all = [...new Set(allowed.flatMap((a) => [...a.values]))];
        this.error(pointer, `${JSON.stringify(value)} is not an allowed value (${all.join(", ")})`);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
