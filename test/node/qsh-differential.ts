// A differential test of canonicalRequest against atlassian-jwt 2.0.3 (Atlassian's own npm implementation) over a
// large, seeded set of request targets that Node actually delivers: every printable ASCII character raw (Node's
// HTTP parser accepts all of them in a request target: measured), %-escapes valid and broken, `+`, repeated and
// empty parameters, `jwt` parameters, `??`, `\`, `@`, `#`, leading `//` and `///`, under six base URLs.
import * as atlassianJwt from "atlassian-jwt";

/** Why apkit deliberately differs from atlassian-jwt on a URL (docs/server.md, "Where apkit differs"). */
export type Difference =
  /** The path is not under the base URL's path: atlassian-jwt hashes it anyway; apkit refuses (finding 3). */
  | "outside-base"
  /** `//user@host/p`: Node's legacy parser reads a host out of a request target; apkit keeps the target's path. */
  | "target-with-host"
  /** The path is the base path without the base URL's trailing slash: apkit reads it as the base itself. */
  | "base-without-slash";

export interface DifferentialResult {
  total: number;
  agree: number;
  differences: Record<Difference, number>;
  /** Disagreements that fit no documented difference: must be none. */
  unexplained: Array<{ url: string; base: string | undefined; ours: string; theirs: string }>;
  /** URLs whose absolute form canonicalises unlike their request target: must be none. */
  absoluteMismatches: string[];
  /** URLs whose absolute form atlassian-jwt canonicalises unlike their request target (it escapes `"'<>^`{|}`). */
  referenceAbsoluteDiffers: number;
}

const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");
const PATH_CHARS = PRINTABLE.replace(/[?#]/g, "");
const QUERY_CHARS = PRINTABLE.replace(/[&#]/g, "");
const BASES = [undefined, "https://app.example", "https://app.example/", "https://app.example/connect", "https://app.example/connect/", "https://app.example/a/b"];

/** Runs `count` generated URLs through both implementations and classifies every disagreement. */
export function qshDifferential(
  canonicalRequest: (method: string, url: string, baseUrl?: string) => string,
  count: number,
  seed = 20261129,
): DifferentialResult {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  const pick = <T>(list: readonly T[] | string): T => list[Math.floor(random() * list.length)] as T;
  const chars = (alphabet: string, specials: string[], max: number) => {
    let text = "";
    for (let n = Math.floor(random() * max); n > 0; n--) text += random() < 0.15 ? pick(specials) : pick(alphabet);
    return text;
  };
  const segment = () => chars(PATH_CHARS, ["%2E", "%2e", "%20", "%2F", "%zz", "%", "+", "..", ".", "@", "\\", "&", "'", "^", "|"], 6);
  const part = () => chars(QUERY_CHARS, ["%2B", "+", "%26", "%3D", "%E2%9C%93", "%E2%9C", "%zz", "jwt", "?", "=", "%00"], 5);

  const result = emptyResult();
  for (let i = 0; i < count; i++) {
    const base = pick(BASES);
    const basePath = base ? new URL(base).pathname.replace(/\/$/, "") : "";
    const lead = pick(["/", "/", "/", "/", "//", "///", "//u@h/"]);
    let path = lead + Array.from({ length: 1 + Math.floor(random() * 3) }, segment).join("/");
    if (basePath && random() < 0.7) path = random() < 0.05 ? basePath : basePath + path;
    let url = path;
    if (random() < 0.7) {
      const params = Array.from({ length: Math.floor(random() * 5) }, () =>
        random() < 0.15 ? `jwt=${part()}` : random() < 0.1 ? "" : `${part()}${random() < 0.8 ? `=${part()}` : ""}`,
      );
      url += (random() < 0.05 ? "??" : "?") + params.join("&");
    }
    if (random() < 0.05) url += `#${part()}`;
    compareOne(canonicalRequest, pick(["GET", "post", "PUT", "DELETE"]), url, base, result);
  }
  return result;
}

/** A result with nothing counted yet. */
export function emptyResult(): DifferentialResult {
  return {
    total: 0,
    agree: 0,
    differences: { "outside-base": 0, "target-with-host": 0, "base-without-slash": 0 },
    unexplained: [],
    absoluteMismatches: [],
    referenceAbsoluteDiffers: 0,
  };
}

/** Compares one request in both implementations and counts the outcome into `result`. */
export function compareOne(
  canonicalRequest: (method: string, url: string, baseUrl?: string) => string,
  method: string,
  url: string,
  base: string | undefined,
  result: DifferentialResult,
): void {
  result.total++;
  let ours: string;
  try {
    ours = canonicalRequest(method, url, base);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    ours = "outside";
  }
  const theirs = reference(method, url, base);
  const basePath = base ? base.replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/\/$/, "") : "";
  if (ours === theirs) result.agree++;
  else if (ours === "outside") result.differences["outside-base"]++;
  else if (/^\/\/[^/]*@/.test(url.trim())) result.differences["target-with-host"]++;
  else if (base?.endsWith("/") && url.split(/[?#]/)[0]!.replace(/^[a-z]+:\/\/[^/]*/i, "") === basePath) result.differences["base-without-slash"]++;
  else result.unexplained.push({ url, base, ours, theirs });

  // The same request as a Web runtime sees it (an absolute URL) canonicalises like the request target a client
  // sends for it (clients never send the fragment). atlassian-jwt's own parser escapes more in absolute URLs.
  if (ours !== "outside" && url.startsWith("/") && !url.startsWith("//")) {
    const absolute = `https://app.example${url}`;
    if (canonicalRequest(method, absolute, base) !== canonicalRequest(method, url.split("#")[0]!, base)) result.absoluteMismatches.push(url);
    if (reference(method, absolute, base) !== reference(method, url.split("#")[0]!, base)) result.referenceAbsoluteDiffers++;
  }
}

function reference(method: string, url: string, base: string | undefined): string {
  try {
    return atlassianJwt.createCanonicalRequest(atlassianJwt.fromMethodAndUrl(method, url), false, base as string);
  } catch {
    return "throws"; // its URL parser throws on a malformed user@ part (`//%zz@h/p`)
  }
}
