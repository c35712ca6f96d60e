import type { FieldSetter } from "../../contracts/scheme.ts";
import type { TranslationWarning } from "../../contracts/translation.ts";
import { BilingualTexts } from "./bilingual-texts.ts";
import * as say from "./messages.ts";

/**
 * The warnings about a target record's own fields that are catalog facts — a required field is missing (and who
 * supplies it), a carried value does not fit the format (and why, by issue code). Each call returns a new warning the
 * caller owns; only the texts are made once per key, as for the unmapped entries
 * (src/domain/translation/unmapped-entries.ts). Keys are field names and issue codes of the target's format, so the
 * memo is bounded by the catalog.
 */
export class TargetWarnings {
  private readonly texts = new BilingualTexts();

  constructor(private readonly target: { formatName: string; grantedBy: say.Bilingual }) {}

  requiredMissing(field: string, setBy: FieldSetter): TranslationWarning {
    return {
      field: `record.${field}`,
      code: "required-missing",
      message: this.texts.get(`required-missing ${field} ${setBy}`, () =>
        say.requiredMissing(field, this.target.formatName, { setBy, body: this.target.grantedBy }),
      ),
    };
  }

  invalidValue(field: string, issueCode: string): TranslationWarning {
    return {
      field: `record.${field}`,
      code: "invalid-value",
      message: this.texts.get(`invalid-value ${field} ${issueCode}`, () =>
        say.invalidValue(field, this.target.formatName, issueCode),
      ),
    };
  }
}
