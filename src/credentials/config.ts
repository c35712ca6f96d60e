import type { Logger } from "../deps.ts";
import { DID_WEB } from "./did.ts";
import {
  type CredentialConfig,
  ephemeralKeyRing,
  KeyConfigError,
  type KeyRing,
  loadKeyRing,
  type SignerFactory,
} from "./keys.ts";

export interface CredentialSettings {
  /** The private JWK (JSON) from CREDENTIAL_SIGNING_KEY or its file. */
  signingKey?: string | undefined;
  /** Retired public keys still published (JSON) from CREDENTIAL_PUBLISHED_KEYS or its file. */
  publishedKeys?: string | undefined;
  issuerDid?: string | undefined;
  /** How signatures are made; Web Crypto unless the entry passes a faster one (node:crypto on Node). */
  signer?: SignerFactory | undefined;
}

/**
 * The Node origin's credential configuration, loaded at start-up so a bad key stops the process with the setting's
 * name. Without a signing key it makes an ephemeral one and says loudly what that costs.
 */
export async function startupCredentials(settings: CredentialSettings, logger: Logger): Promise<CredentialConfig> {
  let ring: KeyRing;
  if (settings.signingKey?.trim()) {
    ring = await loadKeyRing(settings);
  } else {
    ring = await ephemeralKeyRing(settings.publishedKeys, settings.signer);
    logger.warn(
      { component: "credentials", kid: ring.signing?.kid },
      "CREDENTIALS WILL STOP VERIFYING ON RESTART: no CREDENTIAL_SIGNING_KEY, so an ephemeral signing key was made " +
        "for this process; configure a private JWK (npm run credential-key) before issuing credentials anyone keeps",
    );
  }
  if (!settings.issuerDid) {
    logger.warn(
      { component: "credentials" },
      "no ISSUER_DID: credentials name did:web of whatever host a request used; set ISSUER_DID in production",
    );
  }
  const keys = Promise.resolve(ring);
  return { keys: () => keys, issuerDid: () => settings.issuerDid };
}

/**
 * The Worker's configuration: its secret is only readable inside a request, so the key ring loads on first use and is
 * kept for the isolate's life. Without a secret it signs nothing (an ephemeral key would differ per isolate) but still
 * verifies against the published keys.
 */
export function lazyCredentials(settings: () => CredentialSettings): CredentialConfig {
  let ring: Promise<KeyRing> | undefined;
  return {
    keys: () => {
      const current = settings();
      // A bad ISSUER_DID makes every credential route answer 503 (logged), as a bad key does.
      ring ??=
        current.issuerDid && !DID_WEB.test(current.issuerDid)
          ? Promise.reject(new KeyConfigError("ISSUER_DID: must be did:web:<host> (a port as %3A<port>), lower case"))
          : loadKeyRing(current);
      return ring;
    },
    issuerDid: () => settings().issuerDid,
  };
}
