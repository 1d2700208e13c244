// Compact JWS parsing shared by every verifier. Order matters and is deliberate: length before anything is
// decoded, structure and encoding before JSON, the algorithm before any key is looked up, and the signature
// before any claim is trusted.
import { decodeSegment, hmacSign, toBase64url } from "#backend";
import { describe, JWTAlgorithmError, JWTMalformedError, JWTTooLargeError } from "../errors.js";

/** @internal A token split and decoded, not yet verified. */
export interface DecodedJws {
  header: Readonly<Record<string, unknown>>;
  payload: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers. */
  input: string;
  signature: string;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** @internal Default for `maxTokenLength`: far above a real Connect token, far below a memory problem. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/** @internal Splits and decodes a compact JWS whose header must name `alg`, rejecting everything loose. */
export function decodeJws(token: unknown, alg: "HS256" | "RS256", maxLength: number): DecodedJws {
  if (typeof token !== "string") throw new JWTMalformedError("The token is not a string.");
  if (token.length > maxLength) throw new JWTTooLargeError(`The token is ${token.length} characters long; the limit is ${maxLength}.`, { length: token.length, limit: maxLength });
  const parts = token.split(".");
  if (parts.length !== 3) throw new JWTMalformedError(`A JWT has 3 segments; this one has ${parts.length}.`);
  // One pass over the whole token: only the URL-safe alphabet, no padding, +, /, whitespace, no empty segment.
  if (!COMPACT.test(token)) throw new JWTMalformedError("The token is not three strict base64url segments.");
  const [h, p, s] = parts as [string, string, string];
  canonical(h, "header");
  canonical(p, "payload");
  canonical(s, "signature");
  // The signed input is a slice of the token, not a new string: the signature check reads it as it is.
  return { header: checkedHeader(h, alg), payload: jsonObject(p, "payload"), input: token.slice(0, h.length + 1 + p.length), signature: s };
}

// Nearly every token of an app has the same header segment; a header that passed once passes again, so the
// last few accepted ones are kept (frozen: callers share them).
const accepted = new Map<string, Readonly<Record<string, unknown>>>();

function checkedHeader(h: string, alg: string): Readonly<Record<string, unknown>> {
  const cached = accepted.get(h);
  if (cached && cached.alg === alg) return cached;
  const header = jsonObject(h, "header");
  if (header.alg !== alg) throw new JWTAlgorithmError(`The token's alg must be ${alg}; got ${describe(header.alg)}.`, { algorithm: header.alg });
  if (header.typ !== undefined && header.typ !== "JWT") {
    throw new JWTMalformedError(`The header's typ must be "JWT" when present; got ${describe(header.typ)}.`);
  }
  // RFC 7515 4.1.11: extensions marked critical that we do not understand (we understand none) must fail.
  if (header.crit !== undefined) throw new JWTMalformedError("The header lists critical extensions (crit); none are supported.");
  if (accepted.size >= 16) accepted.delete(accepted.keys().next().value as string);
  accepted.set(h, Object.freeze(header));
  return header;
}

// No impossible length and zero trailing bits, so every byte string has exactly one accepted spelling.
function canonical(segment: string, what: string): void {
  const rest = segment.length % 4;
  if (rest === 1) throw new JWTMalformedError(`The ${what} segment is not strict base64url.`);
  if (rest !== 0 && ALPHABET.indexOf(segment[segment.length - 1]!) & (rest === 2 ? 0x0f : 0x03)) {
    throw new JWTMalformedError(`The ${what} segment is not canonical base64url (non-zero trailing bits).`);
  }
}

function jsonObject(segment: string, what: string): Record<string, unknown> {
  const text = decodeSegment(segment);
  if (text === undefined) throw new JWTMalformedError(`The ${what} is not UTF-8.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JWTMalformedError(`The ${what} is not JSON.`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JWTMalformedError(`The ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** @internal An HS256 compact JWS of `payload` (header `{"typ":"JWT","alg":"HS256"}`, as Atlassian's products sign). */
export async function signHs256(payload: Record<string, unknown>, secret: string): Promise<string> {
  const input = `${toBase64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))}.${toBase64url(JSON.stringify(payload))}`;
  return `${input}.${await hmacSign(secret, input)}`;
}
