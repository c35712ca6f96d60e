import { raw } from "hono/html";
import type { VerifyResult } from "../../contracts/credential.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { labelText, schemeText } from "../components.tsx";
import type { PageContext } from "../page-context.ts";
import { En } from "../quoted.tsx";
import type { Page } from "../render.tsx";

/** The client-side scanner (jsQR and the page's script), served by the app and loaded on this page only. */
export const VERIFY_SCRIPTS = ["/assets/jsqr.js", "/assets/verify.js"] as const;

/**
 * This page's own styles, kept out of the shared stylesheet (which every page loads): the QR code's size, and a
 * printout of the QR code alone ("print this").
 */
const VERIFY_CSS =
  ".verify-qr-code svg{display:block;width:min(100%,18rem);height:auto}#credential{width:100%;box-sizing:border-box}" +
  "@media print{body>:not(main),main>:not(.verify-result),.verify-result>:not(.verify-qr),.verify-qr button{display:none}}";

/** What the /verify page shows: the form, and after a check the report, or why nothing could be checked. */
export interface VerifyView {
  /** The credential as entered, to show it again in the form. */
  token?: string;
  result?: VerifyResult;
  /** Why the token could not be checked at all (the verify route's 422), in English as the route says it. */
  uncheckable?: { detail: string; unknownKey: boolean };
  /** A message instead of a result (unknown id, no keys here). */
  notice?: string;
  /** The credential's QR code as SVG, or null where it is too long for one. */
  qrSvg?: string | null;
}

/** `/verify`: scan, link or paste a credential; the same report as POST /v1/credentials/verify, in plain words. */
export function verifyPage(ctx: PageContext, view: VerifyView): Page {
  const { t } = ctx;
  const body = (
    <>
      <style>{raw(VERIFY_CSS)}</style>
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      {view.result || view.uncheckable || view.notice ? <Outcome ctx={ctx} view={view} /> : null}
      {/* Shown by /assets/verify.js: without JavaScript there is no camera, and the paste form below still works. */}
      <section
        id="scan"
        hidden
        aria-labelledby="scan-title"
        data-looking={t("verify.scan.looking")}
        data-none={t("verify.scan.none")}
        data-no-camera={t("verify.scan.noCamera")}
        data-found={t("verify.scan.found")}
        data-stop={t("verify.scan.stop")}
        data-start={t("verify.scan.camera")}
      >
        <h2 id="scan-title">{t("verify.scan.title")}</h2>
        <p>
          <button type="button" id="scan-camera">
            {t("verify.scan.camera")}
          </button>
        </p>
        <video id="scan-video" hidden muted playsinline aria-label={t("verify.scan.video")} />
        <p>
          <label for="scan-photo">{t("verify.scan.photo")}</label>
          <br />
          <input type="file" id="scan-photo" accept="image/*" capture="environment" />
        </p>
        <p id="scan-status" role="status" aria-live="polite" />
      </section>
      <section aria-labelledby="paste-title">
        <h2 id="paste-title">{t("verify.paste.title")}</h2>
        <form method="post" action={ctx.href("/verify")} id="verify-form">
          <p>
            <label for="credential">{t("verify.paste.label")}</label>
            <br />
            <textarea id="credential" name="credential" rows={6} cols={60} spellcheck={false} required>
              {view.token ?? ""}
            </textarea>
          </p>
          <p>
            <button type="submit">{t("verify.paste.submit")}</button>
          </p>
        </form>
      </section>
      {VERIFY_SCRIPTS.map((src) => (
        <script src={src} defer />
      ))}
    </>
  );
  return { title: t("verify.title"), body };
}

const Outcome = ({ ctx, view }: { ctx: PageContext; view: VerifyView }) => {
  const { t } = ctx;
  if (view.notice) {
    return (
      <section aria-labelledby="result-title" class="verify-result" data-testid="verify-result" data-outcome="notice">
        <h2 id="result-title">{t("verify.result.title")}</h2>
        <p>{view.notice}</p>
      </section>
    );
  }
  if (view.uncheckable) {
    return (
      <section aria-labelledby="result-title" class="verify-result" data-testid="verify-result" data-outcome="bad">
        <h2 id="result-title">{t("verify.result.title")}</h2>
        <p class="verify-summary" data-testid="verify-summary">
          <strong>{t("verify.summary.bad")}</strong>
        </p>
        <p data-testid="verify-signer">
          {view.uncheckable.unknownKey ? t("verify.key.unknown") : `${t("verify.uncheckable")} `}
          {view.uncheckable.unknownKey ? null : <En ctx={ctx}>{view.uncheckable.detail}</En>}
        </p>
      </section>
    );
  }
  const result = view.result as VerifyResult;
  const holds = result.recognition.every((r) => r.holds);
  const outcome = !result.verified ? "bad" : holds ? "ok" : "changed";
  return (
    <section aria-labelledby="result-title" class="verify-result" data-testid="verify-result" data-outcome={outcome}>
      <h2 id="result-title">{t("verify.result.title")}</h2>
      <p class="verify-summary" data-testid="verify-summary">
        <strong>{t(`verify.summary.${outcome}` as MessageKey)}</strong>
      </p>
      <dl class="facts">
        <dt>{t("verify.signer")}</dt>
        <dd data-testid="verify-signer">
          <Signer ctx={ctx} result={result} />
        </dd>
        {result.checks.validity ? (
          <>
            <dt>{t("verify.validity")}</dt>
            <dd data-testid="verify-validity">{validityText(ctx, result.checks.validity)}</dd>
          </>
        ) : null}
        {result.product ? (
          <>
            <dt>{t("verify.product")}</dt>
            <dd>
              {t("verify.product.text", {
                name: result.product.name,
                maker: result.product.maker,
                models: result.product.models.join(", ") || "—",
              })}
            </dd>
          </>
        ) : null}
        {result.label ? (
          <>
            <dt>{t("verify.label")}</dt>
            <dd data-testid="verify-label">{labelLine(ctx, result.label)}</dd>
          </>
        ) : null}
        {result.checks.catalog ? (
          <>
            <dt>{t("verify.catalog")}</dt>
            <dd data-testid="verify-catalog">{t(`verify.catalog.${result.checks.catalog.status}` as MessageKey)}</dd>
          </>
        ) : null}
      </dl>
      {result.recognition.length > 0 ? (
        <>
          <h3>{t("verify.recognition")}</h3>
          <ul class="plain" data-testid="verify-recognition">
            {result.recognition.map((r) => (
              <Recheck ctx={ctx} recheck={r} today={result.today} statusToday={result.label?.statusToday} />
            ))}
          </ul>
        </>
      ) : null}
      {result.answer ? (
        <p>
          {t("verify.answer")}: <a href={result.answer.url}>{t("verify.answer.link")}</a>{" "}
          <small>{t("verify.answer.digest", { digest: result.answer.digestSRI })}</small>
        </p>
      ) : null}
      {result.verified && view.qrSvg !== undefined ? <PrintQr ctx={ctx} svg={view.qrSvg} /> : null}
    </section>
  );
};

const Signer = ({ ctx, result }: { ctx: PageContext; result: VerifyResult }) => {
  const { t } = ctx;
  if (!result.checks.signature.ok) return <>{t("verify.signature.bad")}</>;
  const issuer = result.checks.issuer;
  if (issuer && !issuer.ok) {
    return <>{t("verify.issuer.bad", { issuer: issuer.actual ?? "?", expected: issuer.expected })}</>;
  }
  const kid = result.credential.kid.slice(result.credential.kid.lastIndexOf("#") + 1);
  return (
    <>
      {t("verify.signer.ours", { did: issuer?.expected ?? "", kid })}{" "}
      {t(result.credential.keyCurrent ? "verify.key.current" : "verify.key.retired")}
    </>
  );
};

function validityText(ctx: PageContext, v: NonNullable<VerifyResult["checks"]["validity"]>): string {
  const { t } = ctx;
  const from = v.validFrom ?? "?";
  const until = v.validUntil ?? "";
  if (v.ok) return until ? t("verify.validity.ok", { from, until }) : t("verify.validity.open", { from });
  if (v.detail.startsWith("expired")) return t("verify.validity.expired", { until });
  if (v.detail.startsWith("not valid before")) return t("verify.validity.early", { from });
  return t("verify.validity.bad");
}

function statusText(ctx: PageContext, status: string): string {
  const key = `verify.status.${status}`;
  return key in statusKeys ? ctx.t(key as MessageKey) : status;
}
const statusKeys = Object.fromEntries(
  ["active", "expired", "withdrawn", "suspended"].map((s) => [`verify.status.${s}`, true]),
);

function labelLine(ctx: PageContext, label: NonNullable<VerifyResult["label"]>): string {
  const { t } = ctx;
  const values = {
    label: knownLabel(ctx, label.scheme, label.level),
    id: label.registrationId ?? t("verify.label.noId"),
    until: label.validUntil ?? t("verify.label.noEnd"),
    status: statusText(ctx, label.statusToday),
  };
  return label.statusToday === "active" ? t("verify.label.active", values) : t("verify.label.inactive", values);
}

/** A label's name from the catalog; the ids as stated where today's catalog no longer knows them. */
function knownLabel(ctx: PageContext, scheme: string, level: string): string {
  return ctx.catalog.scheme(scheme) ? labelText(ctx, scheme, level) : `${scheme} ${level}`;
}

/** `arrangement#rule` as a reader knows it: the arrangement's title (as the catalog quotes it) and the rule's id. */
function ruleText(ctx: PageContext, stated: string): string {
  const [arrangement = "", rule = ""] = stated.split("#");
  const title = ctx.catalog.arrangements().find((a) => a.id === arrangement)?.title;
  return title ? `${title} (${rule})` : stated;
}

function knownScheme(ctx: PageContext, scheme: string): string {
  return ctx.catalog.scheme(scheme) ? schemeText(ctx, scheme) : scheme;
}

const Recheck = ({
  ctx,
  recheck,
  today,
  statusToday,
}: {
  ctx: PageContext;
  recheck: VerifyResult["recognition"][number];
  today: string;
  statusToday: string | undefined;
}) => {
  const { t } = ctx;
  const scheme = knownScheme(ctx, recheck.scheme);
  const stated =
    recheck.stated.status === "recognized"
      ? t("verify.stated.recognized", {
          scheme,
          date: recheck.stated.judgedOn,
          rules: recheck.stated.rules.map((r) => ruleText(ctx, r)).join("; "),
        })
      : t("verify.stated.provisional", { scheme, date: recheck.stated.judgedOn });
  // The changes are listed from the report's fields, in the page's language (the route's `changes` are English).
  const changes: string[] = [];
  if (!recheck.today) changes.push(t("verify.change.scheme", { scheme }));
  else {
    if (statusToday && statusToday !== "active") {
      changes.push(t("verify.change.label", { status: statusText(ctx, statusToday) }));
    }
    for (const rule of recheck.stated.rules.filter((r) => !recheck.today?.rules.includes(r))) {
      changes.push(t("verify.change.gone", { rule: ruleText(ctx, rule) }));
    }
    for (const rule of recheck.today.rules.filter((r) => !recheck.stated.rules.includes(r))) {
      changes.push(t("verify.change.new", { rule: ruleText(ctx, rule) }));
    }
    if (recheck.today.status !== recheck.stated.status) {
      changes.push(
        t("verify.change.status", {
          from: t(`verify.claim.${recheck.stated.status}`),
          to: t(`verify.claim.${recheck.today.status}`),
        }),
      );
    }
  }
  return (
    <li data-scheme={recheck.scheme} data-holds={String(recheck.holds)}>
      <p>{stated}</p>
      <p>
        <strong>{t(recheck.holds ? "verify.today.holds" : "verify.today.changed", { today })}</strong>
      </p>
      {!recheck.holds && changes.length > 0 ? (
        <ul>
          {changes.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
};

const PrintQr = ({ ctx, svg }: { ctx: PageContext; svg: string | null }) => {
  const { t } = ctx;
  return (
    <figure class="verify-qr" aria-labelledby="qr-caption">
      {svg ? <div class="verify-qr-code">{raw(svg)}</div> : <p>{t("verify.print.tooLong")}</p>}
      <figcaption id="qr-caption">
        <strong>{t("verify.print.title")}</strong> — {t("verify.print.text")}
      </figcaption>
      {svg ? (
        <p>
          <button type="button" data-print hidden>
            {t("verify.print.button")}
          </button>
        </p>
      ) : null}
    </figure>
  );
};
