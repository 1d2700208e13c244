/**
 * @internal Connect's product requests: `AP.request`. An HTTP error status arrives as a rejection carrying the xhr
 * (`{ err, xhr }`); here it becomes the answer it is, so `request` never goes through an exception for a 404.
 */
import { invoke } from "../bridge.js";
import type { HostAnswer, HostRequest, RequestPort } from "../port.js";

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

// `request` puts into a HostRequest only what was asked for (a body, the headers, each flag when set), so the fields
// AP.request names alike pass as they are; only the renamed ones are mapped.
function toBridgeOptions({ method, body, headers, binary, ...sameNames }: HostRequest): Record<string, unknown> {
  const options: Record<string, unknown> = { ...sameNames, type: method };
  if (body !== undefined) options.data = body;
  if (Object.keys(headers).length) options.headers = headers;
  if (binary) options.binaryAttachment = true;
  return options;
}

/** @internal */
export const connectRequest: RequestPort = {
  request: (request, options) =>
    invoke<unknown>("request", [toBridgeOptions(request)], {
      mode: "promise",
      // The host's rejection carries the xhr of an HTTP error status: an answer, not a failure.
      answerOf: (reason) => (xhrOf(reason) ? reason : undefined),
      ...options,
    }).then(toAnswer),
};
