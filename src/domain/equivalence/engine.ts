import { MemoryLru } from "../../cache/memory-lru.ts";
import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { EquivalenceAnswer, EquivalenceMatrix } from "../../contracts/equivalence.ts";
import { CrosswalkGraph } from "./crosswalk-graph.ts";
import { answerEquivalence, type EquivalenceQuery, equivalenceFacts } from "./equivalence.ts";

/** The equivalence engine over one catalog: the crosswalk graph is built once, answers are pure functions of it. */
export class EquivalenceEngine {
  private readonly graph: CrosswalkGraph;
  /**
   * Answers are pure functions of (catalog, query): recent ones are kept as objects for callers inside the process
   * (record translation asks the same few questions for every record). Callers must not mutate what they get.
   */
  private readonly recent = new MemoryLru<EquivalenceAnswer>({ maxEntries: 300, maxChars: 300, sizeOf: () => 1 });

  constructor(readonly catalog: CatalogIndex) {
    this.graph = new CrosswalkGraph(catalog.catalog.crosswalks);
  }

  answer(query: {
    from: { scheme: CompiledScheme; level: CompiledLevel; version?: string | undefined };
    to: { scheme: CompiledScheme; level: CompiledLevel | undefined };
    asOf: string;
    category: string | undefined;
  }): EquivalenceAnswer {
    const key = [
      query.from.scheme.id,
      query.from.level.id,
      query.from.version ?? "",
      query.to.scheme.id,
      query.to.level?.id ?? "",
      query.asOf,
      query.category ?? "",
    ].join("|");
    const known = this.recent.peek(key);
    if (known) return known;
    const answer = answerEquivalence(this.catalog, this.graph, query);
    this.recent.put(key, answer, 3600);
    return answer;
  }

  /**
   * The facts an answer's verdict rests on (legal rules, coverage, the verdict), without the sentences in each
   * language: for callers that compare answers rather than show them (the answer diff). Not kept: such a caller asks
   * each question once.
   */
  facts(query: EquivalenceQuery): ReturnType<typeof equivalenceFacts> {
    return equivalenceFacts(this.catalog, this.graph, query);
  }

  /** The home scheme's levels against every foreign scheme: the overview a policy team prints. */
  matrix(asOf: string, category: string | undefined): EquivalenceMatrix {
    const home = this.catalog.allSchemes().find((s) => s.role === "home");
    const foreign = this.catalog.allSchemes().filter((s) => s.role === "foreign" && s.levels.length > 0);
    const cells = (home?.levels ?? []).flatMap((level) =>
      foreign.map((target) => {
        const answer = this.answer({
          from: { scheme: home as CompiledScheme, level },
          to: { scheme: target, level: undefined },
          asOf,
          category,
        });
        return {
          from: { scheme: answer.from.scheme, level: answer.from.level },
          to: target.id,
          verdict: answer.verdict,
          bestCoveredLevel: answer.coverage.bestCoveredLevel,
          assuranceGap: answer.assurance.gap,
          rules: answer.legal.rules.map((r) => ({
            arrangement: r.arrangement,
            rule: r.rule,
            effect: r.effect,
            toLevel: r.toLevel,
          })),
          levels: answer.coverage.levels.map((l) => ({
            level: l.level,
            covered: l.covered.length,
            partial: l.partial.length,
            missing: l.missing.length,
            undetermined: l.undetermined.length,
            noMapping: l.noMapping.length,
            criteriaPublished: l.criteriaPublished,
          })),
          confidence: answer.provenance.confidence,
        };
      }),
    );
    return {
      from: home?.id ?? "",
      schemes: foreign.map((s) => s.id),
      asOf,
      category: category ?? null,
      catalogDigest: this.catalog.digest,
      cells,
    };
  }
}
