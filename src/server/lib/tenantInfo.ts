// A site's cloud id, read from `<site>/_edge/tenant_info`: Atlassian's support article "How to Find Your Atlassian
// Cloud Site's Cloud ID" (support.atlassian.com/jira/kb/retrieve-my-atlassian-sites-cloud-id) documents that every
// cloud site answers it with `{"cloudId":"<id>"}`, and Forge Remote developers use it because the Connect `installed`
// payload carries no cloud id (community.developer.atlassian.com/t/98403). The base URL comes from a lifecycle body,
// so only Atlassian's own site domains are ever asked (no request to a host the body names), over https, without
// following redirects, with a deadline and a byte budget.
import { describe, TenantInfoError } from "../errors.js";
import { readText } from "./readText.js";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Atlassian cloud site hosts: *.atlassian.net, the legacy *.jira.com, and staging's *.jira-dev.com. */
const SITE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:atlassian\.net|jira\.com|jira-dev\.com)$/;
const CLOUD_ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_BYTES = 4096;

/** @internal The cloud id of the site at `baseUrl`; a {@link TenantInfoError} when it cannot be had. */
export async function fetchCloudId(baseUrl: string, fetchFn: Fetch | undefined, timeout: number): Promise<string> {
  const fail = (why: string, cause?: unknown) => new TenantInfoError(`The cloud id of ${describe(baseUrl)} ${why}.`, { baseUrl, cause });
  let site: URL;
  try {
    site = new URL(baseUrl);
  } catch (error) {
    throw fail("cannot be read: not a URL", error);
  }
  if (site.protocol !== "https:" || site.username || site.password || site.port || !SITE_HOST.test(site.hostname)) {
    throw fail("is not asked for: not an https URL on an Atlassian site host");
  }
  const f = fetchFn ?? (globalThis.fetch as Fetch | undefined);
  if (typeof f !== "function") throw fail("cannot be fetched: no fetch in this runtime; pass options.fetch");
  let text: string | undefined;
  try {
    const response = await f(`${site.origin}/_edge/tenant_info`, { redirect: "manual", signal: AbortSignal.timeout(timeout), headers: { accept: "application/json" } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw fail(`cannot be read: the site answered ${response.status}`);
    }
    text = await readText(response, MAX_BYTES);
  } catch (error) {
    if (error instanceof TenantInfoError) throw error;
    throw fail(`could not be fetched: ${(error as Error)?.message ?? String(error)}`, error);
  }
  if (text === undefined) throw fail(`cannot be read: the answer is over ${MAX_BYTES} bytes`);
  let cloudId: unknown;
  try {
    cloudId = (JSON.parse(text) as { cloudId?: unknown } | null)?.cloudId;
  } catch (error) {
    throw fail("cannot be read: the answer is not JSON", error);
  }
  if (typeof cloudId !== "string" || !CLOUD_ID.test(cloudId)) throw fail(`cannot be read: the answer has no cloud id (${describe(cloudId)})`);
  return cloudId;
}

/** @internal Whether two site URLs name the same host (a Confluence tenant's baseUrl ends in /wiki; a FIT's siteUrl does not). */
export function sameSite(a: string, b: string): boolean {
  try {
    return new URL(a).hostname.toLowerCase() === new URL(b).hostname.toLowerCase();
  } catch {
    return false;
  }
}
