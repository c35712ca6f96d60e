import { describe, expect, it } from "vitest";
import { ServiceError } from "../../src/services/errors.ts";
import { recordFixture } from "../helpers/records.ts";
import { fixedClock } from "../helpers/test-app.ts";
import { services } from "./service-fixture.ts";

/** The TranslationService without HTTP: the checks around the Translator, and the date from the injected clock. */
describe("TranslationService", () => {
  const { translations } = services({ clock: fixedClock("2026-11-25") });
  const request = { from: "jc-star", to: "uk-psti", format: "native" as const, record: recordFixture("jc-star") };

  it("judges on the clock's day unless the request names one", async () => {
    expect((await translations.translate(request)).asOf).toBe("2026-11-25");
    expect((await translations.translate({ ...request, asOf: "2026-01-05" })).asOf).toBe("2026-01-05");
  });

  it("refuses an unknown scheme, the same scheme twice and a record the source format does not accept", async () => {
    const refused = (input: typeof request): Promise<ServiceError> =>
      translations.translate(input).then(
        () => {
          throw new Error("translated");
        },
        (e: unknown) => e as ServiceError,
      );
    const unknown = await refused({ ...request, from: "xx-none" });
    expect(unknown).toBeInstanceOf(ServiceError);
    expect([unknown.refusal, unknown.faults?.[0]?.pointer]).toEqual(["not-found", "/body/from"]);
    const same = await refused({ ...request, to: "jc-star" });
    expect([same.refusal, same.message, same.faults]).toEqual([
      "invalid",
      "from and to name the same scheme",
      [{ pointer: "/body/to", detail: "must differ from jc-star" }],
    ]);
    const invalid = await refused({ ...request, record: { registrationNumber: 7 } });
    expect(invalid.refusal).toBe("invalid");
    expect(invalid.faults?.every((f) => f.pointer.startsWith("/body/record"))).toBe(true);
  });
});
