import { createHash } from "node:crypto";
import catalog from "../generated/catalog.js";
import { CatalogIndex } from "../src/catalog/catalog-index.ts";
import { buildCredential } from "../src/credentials/credential.ts";
import { IssuedCredentials } from "../src/credentials/issued.ts";
import { ephemeralKeyRing } from "../src/credentials/keys.ts";
import { nodeSigner } from "../src/credentials/node-signer.ts";
import { signCredential } from "../src/credentials/secure.ts";
import { signCompact } from "../src/credentials/sign-compact.ts";
import { EquivalenceEngine } from "../src/domain/equivalence/engine.ts";
import { Translator } from "../src/domain/translation/translator.ts";
import { generatedRecordChecks } from "../src/record-formats/generated-checks.ts";
import { generatedFieldMaps } from "../src/record-formats/generated-maps.ts";
import { present } from "../src/routes/translations/translations.handlers.ts";

/**
 * The cost of signing, in process and without HTTP: a translation written as the route's JSON answer against the same
 * translation built into a credential and signed (Ed25519, node:crypto as the Node entry signs), in alternating
 * batches, measured in CPU time. The HTTP figures beside it are dominated by the load on a shared 2-core machine.
 */
export async function signingCost(): Promise<string[]> {
  const index = new CatalogIndex(catalog);
  // As the servers build it: the generated field maps and record checks.
  const translator = new Translator(
    index,
    new EquivalenceEngine(index),
    (text) => createHash("sha256").update(text).digest("hex"),
    generatedFieldMaps,
    generatedRecordChecks,
  );
  const ring = await ephemeralKeyRing(undefined, nodeSigner); // as the Node entry signs
  const signing = ring.signing as NonNullable<typeof ring.signing>;
  const record = (catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample ?? {}) as Record<
    string,
    unknown
  >;
  const utf8 = new TextEncoder();
  const request = { from: "jc-star", to: "uk-psti", format: "native" as const, record, asOf: "2026-01-15" };
  // The JSON answer as the route writes it: the recognition summarised, the JSON text encoded.
  const unsigned = async () => utf8.encode(JSON.stringify(present(await translator.translate(request), undefined)));
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  const issued = IssuedCredentials.inMemory({ info() {}, warn() {}, error() {} });
  const fullCredential = async () => {
    // As the signed route translates: without the requirement results and the unmapped list no credential carries.
    const result = await translator.translate(request, "core");
    return buildCredential({
      kind: "translation",
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: "did:web:bench.example",
      issuedAt: Date.now(),
      canonical: result.canonical,
      subjectId: `urn:kakehashi:translation:sha256:${result.derivation.sourceDigest}`,
      target: { scheme: result.to, record: result.record, complete: result.recordValid },
      recognition: [result.recognition],
      catalogDigest: result.derivation.catalogDigest,
      sourceDigest: result.derivation.sourceDigest,
    });
  };
  // The default (compact) form as the route issues it: the full form written as the answer's bytes and digested,
  // the compact claims signed, both kept by id.
  const signed = async () => {
    const full = await fullCredential();
    const options = { origin: "https://bench.example", sha256, signing, did: "did:web:bench.example" };
    const { uuid, token, answer } = await signCompact(full, options);
    issued.put(uuid, { token, answer }, 86_400);
    return token;
  };
  // `?form=full`: the whole answer signed.
  const signedFull = async () => signCredential(await fullCredential(), signing, "did:web:bench.example");
  // CPU time of this process (user + system), not wall time: on a shared machine the wall clock mostly measures the
  // other processes' load, the CPU time what the work itself costs.
  const batch = async (fn: () => Promise<unknown>, n: number) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  await batch(unsigned, 200); // warm the JIT and the engine's answer memo
  // Until the issued store has filled once, every credential kept also touches fresh memory (its byte ring grows to
  // 32 MB; on this VM a first touch costs ~20 µs a 4 KB page): a one-time cost of a server's first few thousand
  // credentials, not what a running server pays. Fill it first, so the figure below is the steady state.
  await batch(signed, 5_000);
  await batch(signedFull, 200);
  let plain = 0;
  let secured = 0;
  let securedFull = 0;
  const n = 300;
  for (let round = 0; round < 10; round++) {
    plain += await batch(unsigned, n);
    secured += await batch(signed, n);
    securedFull += await batch(signedFull, n);
  }
  const perPlain = (plain / (10 * n)) * 1000;
  const perSigned = (secured / (10 * n)) * 1000;
  const perFull = (securedFull / (10 * n)) * 1000;
  return [
    `| translation → JSON answer, in process | ${perPlain.toFixed(0)} µs CPU | | |`,
    `| translation → signed compact credential (Ed25519, the default), in process | ${perSigned.toFixed(0)} µs CPU | | |`,
    `| translation → signed full credential (Ed25519, form=full), in process | ${perFull.toFixed(0)} µs CPU | | |`,
    `| **ratio signed / unsigned throughput, in process (CPU time)** | **${(perPlain / perSigned).toFixed(2)}×** (goal ≥ 0.8×) | | |`,
  ];
}
