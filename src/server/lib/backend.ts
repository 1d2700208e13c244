// The crypto backend of the runtime-agnostic build: Web Crypto, atob/btoa and TextDecoder only, so it runs in
// browsers, workers, Deno, Bun and Node. It is package.json "imports" "#backend" by default; under the "node"
// condition "#backend" is backend.node.ts instead (in the build, vitest and Node alike); both files export the same
// functions with the same behaviour.

/** @internal An imported RSA public key. */
export type PublicKey = CryptoKey;

// Made on first use, not at import: a test environment may lack them until its setup has run.
let textEncoder: TextEncoder | undefined;
let textDecoder: TextDecoder | undefined;
const utf8 = (text: string) => (textEncoder ??= new TextEncoder()).encode(text);
const HMAC = { name: "HMAC", hash: "SHA-256" } as const;
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

// Importing a key costs more than the HMAC itself; keep the last few hundred, keyed by secret.
const hmacKeys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  const id = `${usage}:${secret}`;
  let key = hmacKeys.get(id);
  if (!key) {
    if (hmacKeys.size >= 512) hmacKeys.delete(hmacKeys.keys().next().value as string);
    key = crypto.subtle.importKey("raw", utf8(secret), HMAC, false, [usage]);
    key.catch(() => hmacKeys.delete(id));
    hmacKeys.set(id, key);
  }
  return key;
}

/** @internal Bytes of a segment already checked to be strict base64url. */
export function fromBase64url(segment: string): Uint8Array<ArrayBuffer> {
  const binary = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** @internal Unpadded base64url of bytes or of a string's UTF-8. */
export function toBase64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? utf8(data) : data;
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @internal The UTF-8 text of a strict base64url segment, or `undefined` when it is not valid UTF-8. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return (textDecoder ??= new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })).decode(fromBase64url(segment));
  } catch {
    return undefined;
  }
}

/** @internal HMAC-SHA256 check; crypto.subtle.verify compares in constant time. */
export async function hmacVerify(secret: string, input: string, signature: string): Promise<boolean> {
  const bytes = fromBase64url(signature);
  if (bytes.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), bytes, utf8(input));
}

/** @internal base64url HMAC-SHA256 of `input`. */
export async function hmacSign(secret: string, input: string): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), utf8(input))));
}

/** @internal Hex SHA-256 of a string's UTF-8. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(text)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** @internal Imports a PEM "PUBLIC KEY" (SPKI) as an RS256 verification key; throws when it is not one. */
export async function importRsaPublicKey(pem: string): Promise<PublicKey> {
  const match = /^-----BEGIN PUBLIC KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----$/.exec(pem.trim());
  if (!match) throw new TypeError("not a PEM public key");
  const der = Uint8Array.from(atob(match[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("spki", der, RSA, false, ["verify"]);
}

/** @internal Imports an RSA JWK (`kty`, `n`, `e`) as an RS256 verification key; throws when it is not one. */
export async function importRsaJwk(jwk: { kty: string; n: string; e: string }): Promise<PublicKey> {
  return crypto.subtle.importKey("jwk", { kty: jwk.kty, n: jwk.n, e: jwk.e, ext: true }, RSA, false, ["verify"]);
}

/** @internal The modulus length in bits of an imported RSA key. */
export function modulusLength(key: PublicKey): number {
  return (key.algorithm as RsaHashedKeyAlgorithm).modulusLength ?? 0;
}

/** @internal RS256 signature check. */
export async function rsaVerify(key: PublicKey, input: string, signature: string): Promise<boolean> {
  return crypto.subtle.verify(RSA, key, fromBase64url(signature), utf8(input));
}
