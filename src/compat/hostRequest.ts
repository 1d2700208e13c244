/**
 * @internal The host side of `AP.request` over apkit's `request`: the raw options become a request of the selected
 * platform, and its `Response` the answer a product gives the bridge (`settleAnswer`). The CDN request plugin's app
 * side (callbacks, rebuilt xhr) is then all.js's, in allJs.ts, as for the mock.
 */
import { request, type APRequestInit } from "apkit";
import { withDeadline } from "./deadline.js";
import type { Kit } from "./kit.js";
import { isObject, settleAnswer, type Answer, type SettledAnswer } from "./request.js";

/** The headers the bridge forwards; others the product never sees, so they are dropped here too. */
const FORWARDED = ["accept", "if-match", "if-none-match"];

/** What a failure without any status looks like to the app: an xhr of status 0, as the request plugin reports it. */
const NO_ANSWER = { status: 0, statusText: "error", responseText: "", headers: {} };

/** @internal `AP.request(options)` as a product answers it: `{ body, xhr }`, or a rejection `{ err, xhr }`. */
export function hostRequest(kit: Kit): (options: Record<string, unknown>) => Promise<SettledAnswer> {
  return (options) => {
    const binary = options.binaryAttachment === true;
    return kit.attempt("request", async () => answerOf(await withDeadline("AP.request", send(options)), binary)).then(
      (answer) => settleAnswer(answer, binary),
      (error: unknown) => {
        throw { err: error, xhr: NO_ANSWER };
      },
    );
  };
}

function send(options: Record<string, unknown>): Promise<Response> {
  const method = String(options.type ?? "GET").toUpperCase();
  let url = String(options.url ?? "");
  const headers: Record<string, string> = {};
  if (isObject(options.headers)) {
    for (const [name, value] of Object.entries(options.headers)) {
      if (value != null && FORWARDED.includes(name.toLowerCase())) headers[name] = String(value);
    }
  }
  const contentType = typeof options.contentType === "string" ? options.contentType : undefined;
  if (contentType) headers["Content-Type"] = contentType;
  // The deadline is withDeadline's, shared by the page's requests.
  const init: APRequestInit = { method: method as APRequestInit["method"], headers, timeout: Infinity };
  const { data } = options;
  if (data != null) {
    if (method === "GET" || method === "HEAD") {
      // As the host's jQuery does: GET data is the query string.
      const query = typeof data === "string" ? data : new URLSearchParams(data as Record<string, string>).toString();
      if (query) url += (url.includes("?") ? "&" : "?") + query;
    } else if (typeof data === "string") init.body = data;
    else if (contentType && /^multipart\/form-data/i.test(contentType) && isObject(data)) {
      const form = new FormData();
      for (const [field, value] of Object.entries(data)) form.append(field, value instanceof Blob ? value : String(value));
      init.body = form;
    } else init.body = JSON.stringify(data);
  }
  if (options.experimental === true) init.experimental = true;
  if (options.binaryAttachment === true) init.binary = true;
  if (typeof options.cache === "boolean") init.cache = options.cache;
  return request(url, init);
}

async function answerOf(response: Response, binary: boolean): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, statusText: response.statusText, headers, body: binary ? await response.arrayBuffer() : await response.text() };
}
