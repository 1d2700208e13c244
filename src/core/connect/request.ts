/**
 * @internal Connect's product requests: `AP.request`. The port speaks Fetch (`Headers`, `FormData`, `Response`); this
 * adapter flattens a request into `AP.request`'s options and builds the `Response` from whichever answer shape the
 * all.js in the page gives. An HTTP error status arrives as a rejection carrying the xhr (`{ err, xhr }`); here it
 * becomes the answer it is, so `request` never goes through an exception for a 404.
 */
import { HostError } from "../errors.js";
import type { ProductRequest, RequestPort } from "../port.js";
import { invoke } from "./transport.js";

/** The headers AP.request forwards, by their lower-case names, as the request plugin names them. */
const FORWARDED: Record<string, string> = { accept: "Accept", "if-match": "If-Match", "if-none-match": "If-None-Match" };

/** What the host answered, before it becomes a `Response`. */
interface HostAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: BodyInit | null;
}

interface XhrLike {
  status?: unknown;
  statusText?: unknown;
  responseText?: unknown;
  response?: unknown;
  headers?: unknown;
  getAllResponseHeaders?: () => unknown;
  getResponseHeader?: (name: string) => unknown;
}

function xhrOf(value: any): XhrLike | undefined {
  return value?.xhr && typeof value.xhr === "object" ? value.xhr : value && typeof value === "object" && "status" in value ? value : undefined;
}

// instanceof fails for buffers made in another realm (a postMessage clone, jsdom).
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

// Reads status, body and headers from any answer shape: { body, xhr } (xhr with functions, or plain data), a bare
// xhr, or the body alone.
function toAnswer(value: any): HostAnswer {
  const xhr = xhrOf(value);
  return {
    status: xhr ? Number(xhr.status) : 200,
    statusText: typeof xhr?.statusText === "string" ? xhr.statusText : "",
    headers: headersOf(xhr),
    body: ([value?.body, value, xhr?.response, xhr?.responseText].find(
      (c) => typeof c === "string" || isArrayBuffer(c) || ArrayBuffer.isView(c) || c instanceof Blob,
    ) ?? (value?.body && typeof value.body === "object" ? JSON.stringify(value.body) : null)) as BodyInit | null,
  };
}

function headersOf(xhr: XhrLike | undefined): Headers {
  const headers = new Headers();
  const add = (name: string, value: unknown) => {
    try {
      if (value != null) headers.append(name.trim(), Array.isArray(value) ? value.join(", ") : String(value));
    } catch {
      // A header name the Fetch spec refuses: skip it rather than lose the whole response.
    }
  };
  if (typeof xhr?.getAllResponseHeaders === "function") {
    for (const line of String(xhr.getAllResponseHeaders() ?? "").split("\n")) {
      const i = line.indexOf(":");
      if (i > 0) add(line.slice(0, i), line.slice(i + 1).trim());
    }
  } else if (xhr?.headers && typeof xhr.headers === "object") {
    for (const [name, value] of Object.entries(xhr.headers)) add(name, value);
  } else if (typeof xhr?.getResponseHeader === "function") {
    // Headers can only be asked for one by one here: ask for the ones REST clients use.
    for (const name of ["content-type", "etag", "location", "last-modified", "x-arequestid", "retry-after"]) {
      add(name, xhr.getResponseHeader(name));
    }
  }
  return headers;
}

// AP.request's options: only what the request sets (a body, headers, each flag when set), in the plugin's names.
function toBridgeOptions(request: ProductRequest): Record<string, unknown> {
  const options: Record<string, unknown> = { url: request.path, type: request.method };
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (name === "content-type") options.contentType = value;
    else if (FORWARDED[name]) headers[FORWARDED[name]] = value;
  }
  if (Object.keys(headers).length) options.headers = headers;
  if (request.body instanceof FormData) {
    options.data = formFields(request.body);
    options.contentType = "multipart/form-data";
  } else if (request.body !== undefined) options.data = request.body;
  if (request.experimental) options.experimental = true;
  if (request.binary) options.binaryAttachment = true;
  if (request.cache !== undefined) options.cache = request.cache;
  return options;
}

// The bridge sends a form as an object of fields, so a field cannot repeat on Connect (Forge sends it as it is).
function formFields(form: FormData): Record<string, FormDataEntryValue> {
  const fields: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of form) {
    if (key in fields) throw new TypeError(`apkit: FormData field "${key}" twice: on Connect AP.request sends a form as an object of fields, so a field cannot repeat`);
    fields[key] = value;
  }
  return fields;
}

// The host's answer as a fetch Response, whatever its status.
function toResponse(answer: HostAnswer, { path, method }: ProductRequest): Response {
  const { status } = answer;
  // Status 0 means the request never reached the server; the Response constructor would throw on others.
  if (!(status >= 200 && status < 600)) throw new HostError(`${method} ${path}: status ${status}`, { method: "request", cause: answer });
  const noBody = status === 204 || status === 205 || status === 304 || method === "HEAD";
  return new Response(noBody ? null : answer.body, {
    status,
    // The Response constructor throws on anything outside the reason-phrase grammar.
    statusText: answer.statusText.replace(/[^\t\x20-\x7e\x80-\xff]/g, ""),
    headers: answer.headers,
  });
}

/** @internal */
export const connectRequest: RequestPort = {
  request: (request, options) =>
    invoke<unknown>("request", [toBridgeOptions(request)], {
      mode: "promise",
      // The host's rejection carries the xhr of an HTTP error status: an answer, not a failure.
      answerOf: (reason) => (xhrOf(reason) ? reason : undefined),
      ...options,
    }).then((answer) => toResponse(toAnswer(answer), request)),
};
