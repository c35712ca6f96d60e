import { CatalogIndex } from "../catalog/catalog-index.ts";
import type { Catalog } from "../catalog/model.ts";
import type { EquivalenceAnswer } from "../contracts/equivalence.ts";
import { EquivalenceEngine } from "../domain/equivalence/engine.ts";
import { recognizeRecord } from "../domain/equivalence/record-recognition.ts";
import { effectiveStatus } from "../domain/translation/translator.ts";
import type { StoredRecord } from "../store/record-store.ts";

/** The part of a recognition answer a partner relies on: the verdict and the legal rules that grant it. */
export interface AnswerGist {
  verdict: EquivalenceAnswer["verdict"];
  recognized: boolean;
  /** `arrangement/rule`, in the answer's order. */
  rules: string[];
  bestCoveredLevel: string | null;
}

/** One target scheme whose answer for the record moved; null where that catalog cannot ask the question. */
export interface RecognitionChange {
  target: string;
  before: AnswerGist | null;
  after: AnswerGist | null;
}

function gist(answer: EquivalenceAnswer): AnswerGist {
  return {
    verdict: answer.verdict,
    recognized: answer.legal.recognized,
    rules: answer.legal.rules.map((r) => `${r.arrangement}/${r.rule}`),
    bestCoveredLevel: answer.coverage.bestCoveredLevel,
  };
}

class Side {
  readonly index: CatalogIndex;
  readonly engine: EquivalenceEngine;
  constructor(catalog: Catalog) {
    this.index = new CatalogIndex(catalog);
    this.engine = new EquivalenceEngine(this.index);
  }

  targets(): string[] {
    return this.index
      .allSchemes()
      .filter((s) => s.levels.length > 0)
      .map((s) => s.id);
  }

  /** What the record earns in `target` (GET …/recognition's answer), or null when this catalog cannot ask it. */
  answer(record: StoredRecord, status: StoredRecord["canonical"]["status"], target: string, asOf: string) {
    const from = this.index.scheme(record.scheme);
    const to = this.index.scheme(target);
    if (!from || !to || !from.levels.some((l) => l.id === record.canonical.level)) return null;
    const canonical = { ...record.canonical, status };
    return gist(recognizeRecord(this.index, this.engine, canonical, from, to, asOf));
  }
}

/**
 * Re-judges stored records under two catalogs on one day: for each other scheme with levels (in either catalog), the
 * record's recognition answer as GET /v1/records/{scheme}/{id}/recognition gives it, under the old catalog and the
 * new. A withdrawn record is relied on by no one and is not judged. Answers depend on the record only through its
 * scheme, level, scheme version, category and status, so each such question is answered once, however many records
 * ask it.
 */
export class RecognitionJudge {
  private readonly before: Side;
  private readonly after: Side;
  private readonly targets: string[];
  private readonly memo = new Map<string, RecognitionChange[]>();

  constructor(
    before: Catalog,
    after: Catalog,
    readonly asOf: string,
  ) {
    this.before = new Side(before);
    this.after = new Side(after);
    this.targets = [...new Set([...this.before.targets(), ...this.after.targets()])].sort();
  }

  changes(record: StoredRecord): RecognitionChange[] {
    if (record.withdrawn) return [];
    const status = effectiveStatus(record.canonical, this.asOf);
    const { level, schemeVersion, product } = record.canonical;
    const key = JSON.stringify([record.scheme, level, schemeVersion ?? null, product.category ?? null, status]);
    const known = this.memo.get(key);
    if (known) return known;
    const changes = this.targets
      .filter((target) => target !== record.scheme)
      .map((target) => ({
        target,
        before: this.before.answer(record, status, target, this.asOf),
        after: this.after.answer(record, status, target, this.asOf),
      }))
      .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
    this.memo.set(key, changes);
    return changes;
  }
}
