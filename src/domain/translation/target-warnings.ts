import { shared } from "../../lib/encoded-json.ts";
import type { FieldSetter } from "../../schemas/scheme.ts";
import type { TranslationWarning } from "../../schemas/translation.ts";
import * as say from "./messages.ts";

/**
 * The warnings about a target record's own fields that are catalog facts — a required field is missing (and who
 * supplies it), a carried value does not fit the format (and why, by issue code) — made once per target and shared,
 * as the unmapped entries are (src/domain/translation/unmapped-entries.ts). Keys are field names and issue codes of
 * the target's format, so the memo is bounded by the catalog.
 */
export class TargetWarnings {
  private readonly made = new Map<string, TranslationWarning>();

  constructor(private readonly target: { formatName: string; grantedBy: say.Bilingual }) {}

  requiredMissing(field: string, setBy: FieldSetter): TranslationWarning {
    return this.once(`required-missing ${field}`, () => ({
      field: `record.${field}`,
      code: "required-missing",
      message: say.requiredMissing(field, this.target.formatName, { setBy, body: this.target.grantedBy }),
    }));
  }

  invalidValue(field: string, issueCode: string): TranslationWarning {
    return this.once(`invalid-value ${field} ${issueCode}`, () => ({
      field: `record.${field}`,
      code: "invalid-value",
      message: say.invalidValue(field, this.target.formatName, issueCode),
    }));
  }

  private once(key: string, make: () => TranslationWarning): TranslationWarning {
    let warning = this.made.get(key);
    if (!warning) {
      warning = shared(make());
      this.made.set(key, warning);
    }
    return warning;
  }
}
