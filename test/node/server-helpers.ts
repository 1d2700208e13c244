// Test helpers for apkit/server. Tokens are crafted here with node:crypto, independently of the code under test,
// and every secret and key pair is generated per run: nothing secret lives in the repository.
import { createHmac, createSign, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type ServerModule = typeof import("apkit/server");

export interface QshVector {
  id: string;
  method: string;
  url: string;
  baseUrl: string;
  canonical: string;
  qsh: string;
}
export interface KnownAnswerToken {
  id: string;
  sharedSecret: string;
  claims: Record<string, unknown>;
  token: string;
  validAt: number;
  expiredAt: number;
}
export interface Vectors {
  qsh: QshVector[];
  contextQsh: string;
  knownAnswerTokens: KnownAnswerToken[];
}

/** The repository's copy of conformance/jwt-vectors.json (the shared design docs' file; CI has only the clone). */
export const VECTORS_FILE = fileURLToPath(new URL("./server-vectors.json", import.meta.url));
/** Where the shared design docs keep the original, when they are beside the clone. */
export const SHARED_VECTORS_FILE = fileURLToPath(new URL("../../../shared/conformance/jwt-vectors.json", import.meta.url));

export function loadVectors(file = VECTORS_FILE): Vectors {
  return JSON.parse(readFileSync(file, "utf8")) as Vectors;
}

export const secret = () => randomBytes(32).toString("base64url");
export const clientKey = () => randomUUID();
export const b64u = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** An HS256-style token with any header and payload, signed over exactly the segments given. */
export function craft(header: unknown, payload: unknown, key: string, segments?: { header?: string; payload?: string }): string {
  const input = `${segments?.header ?? b64u(header)}.${segments?.payload ?? b64u(payload)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}

/** A fixed clock for verification: 2027-01-15T08:00:00Z. */
export const NOW_S = 1_800_000_000;
export const NOW_MS = NOW_S * 1000;

export function contextClaims(iss: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss,
    sub: "557058:00000000-1111-2222-3333-444444444444",
    qsh: "context-qsh",
    iat: NOW_S - 60,
    exp: NOW_S + 840,
    context: { jira: { issue: { id: "10000", key: "ABC-1" }, project: { id: "10001", key: "ABC" } } },
    ...extra,
  };
}

export const HS256 = { typ: "JWT", alg: "HS256" };

/** A generated RSA key pair and RS256 signing, like Atlassian's install-key service. */
export function rsaKeys(bits = 2048) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    pem,
    sign(header: Record<string, unknown>, payload: unknown): string {
      const input = `${b64u({ typ: "JWT", alg: "RS256", ...header })}.${b64u(payload)}`;
      return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
    },
  };
}

/** A fetch for the key server that serves `keys` by kid, counts calls and can be told to misbehave. */
export function keyServerFetch(keys: Record<string, string>, base = "https://connect-install-keys.atlassian.com") {
  const calls: string[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    calls.push(url);
    if (!url.startsWith(`${base}/`)) return new Response("wrong host", { status: 400 });
    const kid = url.slice(base.length + 1);
    const pem = keys[kid];
    if (pem === "hang") {
      return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    }
    if (pem === "redirect") return new Response(null, { status: 302, headers: { location: "https://evil.example/key" } });
    if (pem === "error") return new Response("boom", { status: 500 });
    return pem === undefined ? new Response("Not Found", { status: 404 }) : new Response(pem, { status: 200 });
  };
  return { fetch, calls };
}

/** Resolves to the error's code, or fails the test when the promise resolves. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error("expected a rejection, but it resolved");
}
