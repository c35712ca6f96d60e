/**
 * Hand-written translators of the same mappings as mappings/records/jc-star.yaml → uk-psti.yaml and → us-ctm.yaml
 * (native → canonical → native), the yardstick the declarative field maps are measured against.
 */
type Jc = {
  registrationNumber: string;
  level: string;
  vendorName: string;
  corporateNumber?: string;
  productName: string;
  modelNumbers: string[];
  productType?: string;
  issueDate: string;
  expiryDate?: string;
  productPageUrl?: string;
  supportContactUrl?: string;
};

const levels: Record<string, string> = { "★1": "STAR-1", "★2": "STAR-2", "★3": "STAR-3", "★4": "STAR-4" };

function jcToCanonical(r: Jc) {
  return {
    registrationId: r.registrationNumber,
    level: levels[r.level],
    schemeVersion: r.level === "★1" ? "JST-CR-01-01-2024R1" : null,
    issuer: { name: "Information-technology Promotion Agency, Japan (IPA)", assessor: null, assessmentMode: null },
    holder: {
      name: r.vendorName,
      address: null,
      identifiers: r.corporateNumber ? [{ type: "jp-corporate-number", value: r.corporateNumber }] : [],
    },
    product: {
      name: r.productName,
      type: r.productType ?? null,
      models: r.modelNumbers,
      hardwareVersion: null,
      softwareVersion: null,
      category: null,
    },
    dates: { issued: r.issueDate, validUntil: r.expiryDate ?? null, supportPeriodEnd: null, supportPeriodText: null },
    urls: { registry: r.productPageUrl ?? null, document: null, supportContact: r.supportContactUrl ?? null },
  };
}

export function handJcToPsti(r: Jc): Record<string, unknown> {
  const c = jcToCanonical(r);
  const out: Record<string, unknown> = {};
  if (c.product.type) out.productType = c.product.type;
  if (c.product.models.length) out.productIdentifier = c.product.models.join(", ");
  out.manufacturerName = c.holder.name;
  if (c.dates.issued) out.dateOfIssue = c.dates.issued;
  return out;
}

export function handJcToCtm(r: Jc): Record<string, unknown> {
  const c = jcToCanonical(r);
  const out: Record<string, unknown> = { productName: c.product.name, manufacturerName: c.holder.name };
  if (c.dates.issued) out.authorizationDate = c.dates.issued;
  out.authorizationStatus = "active";
  return out;
}
