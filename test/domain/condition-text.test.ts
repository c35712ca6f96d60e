import { describe, expect, it } from "vitest";
import { conditionIn, issuedAgainstIn } from "../../src/domain/condition-text.ts";
import { issuedAgainst, VALID_LABEL } from "../../src/domain/equivalence/legal.ts";
import { catalogIndex } from "../helpers/engine.ts";

/** The conditions the engine adds to every rule are Kakehashi's own words, in both languages, never marked translated. */
describe("the engine's own conditions", () => {
  const route = { arrangement: "uk-si-2025-1267", rule: "jc-star-star-1-to-uk-psti" };

  it("says the label must be valid, in Japanese on a Japanese answer and as written in English", () => {
    expect(conditionIn(catalogIndex, "ja", route, VALID_LABEL)).toEqual({
      text: "元のラベルがその日に有効であること(失効、一時停止又は取下げがされていないこと)。",
      lang: "ja",
      kind: "original",
    });
    expect(conditionIn(catalogIndex, "en", route, VALID_LABEL)).toEqual({
      text: VALID_LABEL,
      lang: "en",
      kind: "original",
    });
  });

  it("names the versions a label must have been issued against, unchanged, in either language", () => {
    expect(issuedAgainstIn("ja", ["JST-CR-01-01-2024R1", "CCC SP-151-2 v1.4"])).toBe(
      "ラベルが JST-CR-01-01-2024R1 又は CCC SP-151-2 v1.4 に基づいて発行されたものであること。",
    );
    const versions = catalogIndex.arrangements().find((a) => a.id === route.arrangement)?.rules[0]?.from.versions ?? [];
    expect(versions.length).toBeGreaterThan(0);
    const condition = issuedAgainst(versions);
    expect(conditionIn(catalogIndex, "ja", route, condition)).toEqual({
      text: issuedAgainstIn("ja", versions),
      lang: "ja",
      kind: "original",
    });
    expect(conditionIn(catalogIndex, "en", route, condition).text).toBe(condition);
  });

  it("leaves an arrangement's own condition to the catalog's Japanese text", () => {
    const rule = catalogIndex.arrangements().find((a) => a.id === route.arrangement)?.rules[0];
    const first = rule?.conditions[0]?.text ?? "";
    const shown = conditionIn(catalogIndex, "ja", route, first);
    expect(shown.lang).toBe("ja");
    expect(shown.kind).toBe("reference-translation");
  });
});
