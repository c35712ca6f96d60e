/**
 * Hand-written translators of the same mappings as mappings/records/jc-star.yaml → uk-psti.yaml and → us-ctm.yaml
 * (native → canonical → native), the yardstick the field maps are measured against. Each returns the canonical
 * record as well as the target record, as the translator must (the canonical record is part of every translation's
 * answer); without it V8 drops the canonical object altogether and times a few property copies. bench/run.ts checks
 * that these produce exactly what the maps produce before timing either.
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
    scheme: "jc-star",
    schemeVersion: r.level === "★1" ? "JST-CR-01-01-2024R1" : null,
    level: levels[r.level] ?? "",
    registrationId: r.registrationNumber,
    status: "active",
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
    requirementResults: [],
    native: null,
  };
}

export function handJcToPsti(r: Jc): { canonical: unknown; record: Record<string, unknown> } {
  const c = jcToCanonical(r);
  const out: Record<string, unknown> = {};
  if (c.product.type) out.productType = c.product.type;
  if (c.product.models.length) out.productIdentifier = c.product.models.join(", ");
  out.manufacturerName = c.holder.name;
  if (c.dates.issued) out.dateOfIssue = c.dates.issued;
  return { canonical: c, record: out };
}

export function handJcToCtm(r: Jc): { canonical: unknown; record: Record<string, unknown> } {
  const c = jcToCanonical(r);
  const out: Record<string, unknown> = { productName: c.product.name, manufacturerName: c.holder.name };
  if (c.dates.issued) out.authorizationDate = c.dates.issued;
  out.authorizationStatus = "active";
  if (c.issuer.name) out.claName = c.issuer.name;
  if (c.urls.registry) out.registryUrl = c.urls.registry;
  return { canonical: c, record: out };
}
