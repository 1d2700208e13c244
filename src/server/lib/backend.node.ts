// The crypto backend of the Node build ("#backend" under the "node" condition, package.json "imports"):
// node:crypto's createHmac + timingSafeEqual is ~10x faster than crypto.subtle on Node (STACK.md), and Buffer decodes
// base64url natively. Same functions and behaviour as backend.ts, which the runtime-agnostic build uses instead.
import { Buffer, isUtf8 } from "node:buffer";
import { createHash, createHmac, createPublicKey, createSecretKey, timingSafeEqual, verify, type KeyObject } from "node:crypto";

/** @internal An imported RSA public key. */
export type PublicKey = KeyObject;

/** @internal Bytes of a segment already checked to be strict base64url. */
export function fromBase64url(segment: string): Uint8Array {
  return Buffer.from(segment, "base64url");
}

/** @internal Unpadded base64url of bytes or of a string's UTF-8. */
export function toBase64url(data: Uint8Array | string): string {
  return (typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString(
    "base64url",
  );
}

/** @internal The UTF-8 text of a strict base64url segment, or `undefined` when it is not valid UTF-8. */
export function decodeSegment(segment: string): string | undefined {
  const bytes = Buffer.from(segment, "base64url");
  return isUtf8(bytes) ? bytes.toString("utf8") : undefined;
}

// A KeyObject per secret saves re-deriving the key from the string on every token (~15% of a verification).
const hmacKeys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = hmacKeys.get(secret);
  if (!key) {
    if (hmacKeys.size >= 512) hmacKeys.delete(hmacKeys.keys().next().value as string);
    hmacKeys.set(secret, (key = createSecretKey(Buffer.from(secret, "utf8"))));
  }
  return key;
}

/** @internal HMAC-SHA256 check in constant time. */
export function hmacVerify(secret: string, input: string, signature: string): boolean {
  const given = Buffer.from(signature, "base64url");
  const expected = createHmac("sha256", hmacKey(secret)).update(input).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** @internal base64url HMAC-SHA256 of `input`. */
export function hmacSign(secret: string, input: string): string {
  return createHmac("sha256", hmacKey(secret)).update(input).digest("base64url");
}

/** @internal Hex SHA-256 of a string's UTF-8. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** @internal Imports a PEM "PUBLIC KEY" (SPKI) as an RS256 verification key; throws when it is not one. */
export function importRsaPublicKey(pem: string): PublicKey {
  if (!/^-----BEGIN PUBLIC KEY-----\s*[A-Za-z0-9+/=\s]+?\s*-----END PUBLIC KEY-----$/.test(pem.trim())) {
    throw new TypeError("not a PEM public key");
  }
  const key = createPublicKey({ key: pem, format: "pem" });
  if (key.asymmetricKeyType !== "rsa") throw new TypeError(`not an RSA key: ${String(key.asymmetricKeyType)}`);
  return key;
}

/** @internal Imports an RSA JWK (`kty`, `n`, `e`) as an RS256 verification key; throws when it is not one. */
export function importRsaJwk(jwk: { kty: string; n: string; e: string }): PublicKey {
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
  if (key.asymmetricKeyType !== "rsa") throw new TypeError(`not an RSA key: ${String(key.asymmetricKeyType)}`);
  return key;
}

/** @internal The modulus length in bits of an imported RSA key. */
export function modulusLength(key: PublicKey): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/** @internal RS256 signature check. `input` is two base64url segments (checked before), so its latin1 bytes are its UTF-8. */
export function rsaVerify(key: PublicKey, input: string, signature: string): boolean {
  return verify("RSA-SHA256", Buffer.from(input, "latin1"), key, Buffer.from(signature, "base64url"));
}
