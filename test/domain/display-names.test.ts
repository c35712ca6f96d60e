import { describe, expect, it } from "vitest";
import { arrangementShortName, levelShortName, schemeShortName } from "../../src/domain/display-names.ts";
import { catalogIndex } from "../helpers/engine.ts";

describe("the names people know catalog entries by", () => {
  it("an arrangement by the citation its title ends with, else by its title", () => {
    expect(
      arrangementShortName(
        "The Product Security and Telecommunications Infrastructure (Security Requirements for Relevant Connectable " +
          "Products) (Amendment) (No. 2) Regulations 2025 (SI 2025/1267)",
      ),
    ).toBe("SI 2025/1267");
    expect(arrangementShortName("A delegated act (Delegated Regulation (EU) 2022/30)")).toBe(
      "Delegated Regulation (EU) 2022/30",
    );
    // An aside that is not a citation stays part of the title.
    const moc = "Memorandum of Cooperation on Mutual Recognition of Cybersecurity Schemes for IoT Products (METI–DSIT)";
    expect(arrangementShortName(moc)).toBe(moc);
    expect(arrangementShortName("Japan–Singapore MoC (as reported)")).toBe("Japan–Singapore MoC (as reported)");
  });

  it("a scheme without its trailing parenthesis or subtitle; a level without a parenthesis repeating its id", () => {
    expect(
      schemeShortName("JC-STAR (Labeling Scheme based on Japan Cyber-Security Technical Assessment Requirements)"),
    ).toBe("JC-STAR");
    expect(schemeShortName("EU Cyber Resilience Act (Regulation (EU) 2024/2847)")).toBe("EU Cyber Resilience Act");
    expect(
      schemeShortName("ETSI EN 303 645: Cyber Security for Consumer Internet of Things: Baseline Requirements"),
    ).toBe("ETSI EN 303 645");
    expect(schemeShortName("Cybersecurity Labelling Scheme for IoT, CLS(IoT)")).toBe(
      "Cybersecurity Labelling Scheme for IoT, CLS(IoT)",
    );
    expect(levelShortName("★1 (STAR-1)", "STAR-1")).toBe("★1");
    expect(levelShortName("Level 2 (★★)", "L2")).toBe("Level 2 (★★)");
    expect(levelShortName("Module A — internal control (Annex VIII Part I)", "module-a")).toBe(
      "Module A — internal control (Annex VIII Part I)",
    );
  });

  it("no catalog name shortens to an id or to nothing", () => {
    const ids = new Set(catalogIndex.allSchemes().flatMap((s) => [s.id, ...s.levels.map((l) => l.id)]));
    for (const scheme of catalogIndex.allSchemes()) {
      const name = schemeShortName(scheme.name);
      expect(name.length).toBeGreaterThan(1);
      expect(ids.has(name) && name.includes("-")).toBe(false);
      for (const level of scheme.levels) {
        const short = levelShortName(level.name, level.id);
        expect({
          level: level.id,
          short: (short.length > 0 && !short.includes(level.id)) || !level.id.includes("-"),
        }).toEqual({
          level: level.id,
          short: true,
        });
      }
    }
  });
});
