/**
 * @internal `AP.request` on both sides of the bridge, written once for apkit/compat and apkit/testing's mock:
 * - {@link settleAnswer}: the answer a product gives the bridge (what Jira, the local host's product.js, the mock's
 *   product and apkit/compat's Forge side all answer): `{ body, xhr }` for 2xx, a rejection with `{ err, xhr }`
 *   otherwise, the xhr as plain data (functions cannot cross postMessage);
 * - {@link cdnRequest}: the app side in Atlassian's CDN all.js (the atlassian-connect-js-request plugin), which keeps
 *   `success` / `error` in the iframe and rebuilds the xhr there with `getResponseHeader` / `getAllResponseHeaders`.
 */

/** A finished answer: status, text, headers, and bytes when the app asked for them. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer;
}

/** What a product's `request` resolves (2xx) or rejects with (other statuses). */
export interface SettledAnswer {
  body: unknown;
  xhr: Record<string, unknown>;
}

/**
 * The product's answer to the bridge, as apkit-dev's host page and Jira give it: `{ body, xhr }` for 2xx, a rejection
 * with `{ err, xhr }` otherwise, with a plain-data xhr (functions cannot cross postMessage). Written once here for
 * apkit/compat and the mock; exported from apkit/testing for apkit-dev's host page, so that it settles `AP.request`
 * with the mock's code.
 *
 * @example
 * ```ts
 * import { settleAnswer } from "apkit/testing";
 * const ok = settleAnswer({ status: 200, statusText: "OK", headers: { "content-type": "application/json" }, body: '{"a":1}' }, false);
 * ok.xhr.status; // 200
 * ```
 */
export function settleAnswer(answer: Answer, binary: boolean): SettledAnswer {
  const responseText = typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body);
  const xhr: Record<string, unknown> = { status: answer.status, statusText: answer.statusText, responseText, headers: answer.headers };
  if (binary) xhr.response = typeof answer.body === "string" ? new TextEncoder().encode(answer.body).buffer : answer.body;
  const body = binary ? xhr.response : responseText;
  if (answer.status >= 200 && answer.status < 300) return { body, xhr };
  throw { err: answer.status === 0 ? "error" : answer.statusText, xhr };
}

/**
 * @internal The app side of `AP.request` in Atlassian's CDN all.js (the atlassian-connect-js-request plugin): both
 * forms (`request(options)`, `request(url, options)`), `success(responseText, statusText, xhr)` (the ArrayBuffer
 * instead of the text with `binaryAttachment`) and
 * `error(xhr, statusText, errorThrown)` called in the iframe, and the xhr rebuilt there with `getResponseHeader` and
 * `getAllResponseHeaders`, so apps see `{ body, xhr }` / `{ err, xhr }` with functions on `xhr`.
 */
export function cdnRequest(hostRequest: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return (first: unknown, second?: unknown) => {
    const given = (typeof first === "string" ? { ...(isObject(second) ? second : {}), url: first } : { ...(isObject(first) ? first : {}) }) as Record<string, unknown>;
    const { success, error, ...options } = given;
    const promise = (hostRequest(options) as Promise<any>).then(
      (answer) => {
        const xhr = rebuild(answer?.xhr);
        // The body as asked for: text, or with binaryAttachment the ArrayBuffer (as @types/atlassian-connect-js types it).
        const body = options.binaryAttachment === true ? answer?.body : (xhr?.responseText ?? answer?.body);
        if (typeof success === "function") success(body, xhr?.statusText, xhr);
        return xhr ? { body: answer.body, xhr } : answer;
      },
      (reason) => {
        const xhr = rebuild(reason?.xhr);
        if (typeof error === "function") error(xhr, xhr?.statusText, reason?.err ?? reason);
        throw xhr ? { err: reason.err, xhr } : reason;
      },
    );
    promise.catch(() => undefined); // like the bridge: an unhandled failure is only logged
    return promise;
  };
}

function rebuild(plain: unknown): Record<string, unknown> | undefined {
  if (!isObject(plain)) return undefined;
  const { headers, ...rest } = plain;
  const list = Object.entries(isObject(headers) ? headers : {}).map(([k, v]) => [k.toLowerCase(), String(v)] as const);
  return {
    ...rest,
    getResponseHeader: (name: string) => list.find(([k]) => k === String(name).toLowerCase())?.[1] ?? null,
    getAllResponseHeaders: () => list.map(([k, v]) => `${k}: ${v}\r\n`).join(""),
  };
}

/** @internal A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
