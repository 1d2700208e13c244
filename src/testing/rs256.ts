// RS256 signing for the test stand-ins of Atlassian's signers (createForgeKeys, createInstallKeys): one key pair
// maker and one compact-JWS signer over Web Crypto, so both sign exactly alike.
import { toBase64url } from "../server/lib/backend.js";

/** @internal RSASSA-PKCS1-v1_5 with SHA-256: RS256. */
export const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** @internal Web Crypto, or a TypeError naming the helper that needs it. */
export function subtleFor(helper: string): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new TypeError(`apkit/testing: ${helper} needs Web Crypto (globalThis.crypto.subtle).`);
  return subtle;
}

/** @internal A fresh 2048-bit RS256 key pair, exportable (the public half is served). */
export function newRs256KeyPair(subtle: SubtleCrypto): Promise<CryptoKeyPair> {
  return subtle.generateKey({ ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

/** @internal A compact JWS of `header` and `payload`, signed RS256 with `privateKey`. */
export async function signRs256(subtle: SubtleCrypto, privateKey: CryptoKey, header: Record<string, unknown>, payload: unknown): Promise<string> {
  const input = `${toBase64url(JSON.stringify(header))}.${toBase64url(JSON.stringify(payload))}`;
  const signature = new Uint8Array(await subtle.sign(RS256, privateKey, new TextEncoder().encode(input)));
  return `${input}.${toBase64url(signature)}`;
}
