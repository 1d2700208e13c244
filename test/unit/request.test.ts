import { describe, expect, test } from "vitest";
import { z } from "zod";
import { request, requestJson } from "apkit";
import { emulateHost, installAP, type HostMethod } from "apkit/testing";

const promised = (fn: (...args: any[]) => unknown): HostMethod => Object.assign(fn, { returnsPromise: true });

/** The production plugin shape: xhr with functions (they exist on the app side, rebuilt by the plugin). */
function productionXhr(status: number, text: string, headers: Record<string, string>, statusText = "") {
  return {
    status,
    statusText,
    responseText: text,
    getResponseHeader: (name: string) => headers[name.toLowerCase()] ?? null,
    getAllResponseHeaders: () => Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n"),
  };
}

/** AP.request answering like the CDN all.js with its request plugin: resolves { body, xhr }, rejects { err, xhr }. */
function installProductionRequest(answer: (options: any) => { status: number; text: string; headers?: Record<string, string>; statusText?: string }) {
  const calls: any[] = [];
  installAP({
    context: {},
    request: async (options: any) => {
      calls.push(options);
      const a = answer(options);
      const xhr = productionXhr(a.status, a.text, a.headers ?? {}, a.statusText);
      if (a.status >= 200 && a.status < 300) return { body: a.text, xhr };
      throw { err: a.statusText ?? "error", xhr };
    },
  });
  return calls;
}

/** AP.request over the emulated transport with a plain-data xhr (what the real connect-host path gives). */
function installBridgedRequest(impl: (options: any) => Promise<unknown>) {
  const calls: any[] = [];
  const host = emulateHost({
    request: promised((options: any) => {
      calls.push(options);
      return impl(options);
    }),
  }, { warn: () => {} });
  installAP(host.connect());
  return calls;
}

describe("request: response shapes", () => {
  test("production shape (functions on xhr): status, statusText, body, headers, url", async () => {
    installProductionRequest(() => ({ status: 200, statusText: "OK", text: '{"a":1}', headers: { "content-type": "application/json", etag: '"v1"' } }));
    const res = await request("/rest/api/3/myself");
    expect(res).toBeInstanceOf(Response);
    expect([res.status, res.ok, res.statusText, res.url]).toEqual([200, true, "OK", "/rest/api/3/myself"]);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("ETag")).toBe('"v1"');
    await expect(res.json()).resolves.toEqual({ a: 1 });
  });

  test("plain-data xhr over the bridge (headers object): same Response", async () => {
    installBridgedRequest(async () => ({
      body: "hello",
      xhr: { status: 201, statusText: "Created", responseText: "hello", headers: { location: "/x/1", "x-multi": ["a", "b"] } },
    }));
    const res = await request("/x", { method: "POST", body: { a: 1 } });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/x/1");
    expect(res.headers.get("x-multi")).toBe("a, b");
    await expect(res.text()).resolves.toBe("hello");
  });

  test("only getResponseHeader available: the common headers are read", async () => {
    installAP({
      context: {},
      request: async () => ({ body: "{}", xhr: { status: 200, responseText: "{}", getResponseHeader: (n: string) => (n === "content-type" ? "application/json" : null) } }),
    });
    const res = await request("/x");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect([...res.headers].length).toBe(1);
  });

  test("non-2xx resolves with ok=false (fetch semantics), body and headers intact", async () => {
    installProductionRequest(() => ({ status: 404, statusText: "Not Found", text: '{"errorMessages":["nope"]}', headers: { "content-type": "application/json" } }));
    const res = await request("/rest/api/3/issue/X-1");
    expect([res.ok, res.status, res.statusText]).toEqual([false, 404, "Not Found"]);
    await expect(res.json()).resolves.toEqual({ errorMessages: ["nope"] });
  });

  test("500 over the bridge (plain-data rejection { err, xhr })", async () => {
    installBridgedRequest(() => Promise.reject({ err: "Internal Server Error", xhr: { status: 500, statusText: "Internal Server Error", responseText: "boom", headers: {} } }));
    const res = await request("/boom");
    expect([res.ok, res.status]).toEqual([false, 500]);
    await expect(res.text()).resolves.toBe("boom");
  });

  test("204 and HEAD have a null body", async () => {
    installProductionRequest(() => ({ status: 204, text: "" }));
    const res = await request("/x", { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    installProductionRequest(() => ({ status: 200, text: "ignored" }));
    expect((await request("/x", { method: "HEAD" })).body).toBeNull();
  });

  test("a host that answers with the body alone: 200", async () => {
    installAP({ context: {}, request: async () => "just text" });
    const res = await request("/x");
    expect(res.status).toBe(200);
    await expect(res.text()).resolves.toBe("just text");
  });

  test("status 0 (never reached the server): HostError", async () => {
    installAP({ context: {}, request: async () => Promise.reject({ err: "error", xhr: { status: 0, responseText: "" } }) });
    await expect(request("/x")).rejects.toMatchObject({ code: "ERR_HOST", method: "request" });
  });

  test("a rejection that carries no status (string, Error message, undefined): HostError", async () => {
    installBridgedRequest(() => Promise.reject(new Error("network down")));
    await expect(request("/x")).rejects.toMatchObject({ code: "ERR_HOST", cause: "network down" });
    installBridgedRequest(async () => undefined);
    await expect(request("/x")).rejects.toMatchObject({ code: "ERR_HOST" });
  });

  test("impossible status: HostError rather than a RangeError from Response", async () => {
    installAP({ context: {}, request: async () => ({ body: "", xhr: { status: 1223 } }) });
    await expect(request("/x")).rejects.toMatchObject({ code: "ERR_HOST" });
  });

  test("binary: binaryAttachment is sent and the ArrayBuffer body survives", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250]).buffer;
    const calls = installBridgedRequest(async () => ({ body: bytes, xhr: { status: 200, headers: { "content-type": "image/png" } } }));
    const res = await request("/secure/attachment/1", { binary: true });
    expect(calls[0].binaryAttachment).toBe(true);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 250]);
  });

  test("host that never answers: ERR_TIMEOUT", async () => {
    installBridgedRequest(() => new Promise(() => {}));
    await expect(request("/never", { timeout: 30 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });
});

describe("request: what is sent", () => {
  test("object bodies become JSON with application/json; methods are upper-cased", async () => {
    const calls = installBridgedRequest(async () => ({ body: "", xhr: { status: 200, headers: {} } }));
    await request("/x", { method: "put", body: { done: true }, experimental: true, cache: false });
    expect(calls[0]).toEqual({ url: "/x", type: "PUT", data: '{"done":true}', contentType: "application/json", experimental: true, cache: false });
  });

  test("string bodies are sent as is; Content-Type header becomes contentType; only bridge headers forwarded", async () => {
    const calls = installBridgedRequest(async () => ({ body: "", xhr: { status: 200 } }));
    await request("/x", { method: "POST", body: "a=1", headers: { "content-type": "text/plain", Accept: "text/html", "If-Match": '"3"' } });
    expect(calls[0]).toMatchObject({ data: "a=1", contentType: "text/plain", headers: { Accept: "text/html", "If-Match": '"3"' } });
    expect(calls[0].headers["content-type"]).toBeUndefined();
  });

  test("Headers objects and entry arrays are accepted", async () => {
    const calls = installBridgedRequest(async () => ({ body: "", xhr: { status: 200 } }));
    await request("/x", { headers: new Headers({ "if-none-match": '"9"' }) });
    await request("/x", { headers: [["accept", "application/json"]] });
    expect(calls[0].headers).toEqual({ "If-None-Match": '"9"' });
    expect(calls[1].headers).toEqual({ Accept: "application/json" });
  });

  test("URLSearchParams become a form body", async () => {
    const calls = installBridgedRequest(async () => ({ body: "", xhr: { status: 200 } }));
    await request("/x", { method: "POST", body: new URLSearchParams({ a: "1 2" }) });
    expect(calls[0]).toMatchObject({ data: "a=1+2", contentType: "application/x-www-form-urlencoded" });
  });

  test("FormData becomes a multipart object (files survive the structured clone)", async () => {
    const calls = installBridgedRequest(async () => ({ body: "[]", xhr: { status: 200 } }));
    const form = new FormData();
    form.set("file", new Blob(["hi"], { type: "text/plain" }), "a.txt");
    form.set("comment", "x");
    await request("/rest/api/3/issue/ABC-1/attachments", { method: "POST", body: form });
    expect(calls[0].contentType).toBe("multipart/form-data");
    expect(calls[0].data.comment).toBe("x");
    expect(await (calls[0].data.file as Blob).text()).toBe("hi");
  });

  test("caller mistakes are TypeErrors, and nothing is sent", async () => {
    const calls = installBridgedRequest(async () => ({ body: "", xhr: { status: 200 } }));
    await expect(request("")).rejects.toThrow(TypeError);
    await expect(request("/x", { method: "TRACE" as never })).rejects.toThrow(TypeError);
    await expect(request("/x", { body: "x" })).rejects.toThrow(/GET with a body/);
    await expect(request("/x", { headers: { Authorization: "Bearer x" } as never })).rejects.toThrow(/authorization/);
    await expect(request("/x", { method: "POST", body: new Blob(["x"]) as never })).rejects.toThrow(TypeError);
    await expect(request("/x", { method: "POST", body: new Map() as never })).rejects.toThrow(TypeError);
    const form = new FormData();
    form.append("a", "1");
    form.append("a", "2");
    await expect(request("/x", { method: "POST", body: form })).rejects.toThrow(/twice/);
    expect(calls).toHaveLength(0);
  });
});

describe("requestJson", () => {
  test("JSON in and out, typed by a schema", async () => {
    const calls = installBridgedRequest(async (o) => ({ body: JSON.stringify({ echo: JSON.parse(o.data), n: 1 }), xhr: { status: 200 } }));
    const schema = z.object({ echo: z.object({ a: z.string() }), n: z.number() });
    const out = await requestJson("/x", { method: "POST", body: { a: "b" }, schema });
    expect(out.echo.a).toBe("b");
    expect(calls[0]).toMatchObject({ contentType: "application/json", headers: { Accept: "application/json" } });
  });

  test("a string body is sent as a JSON string", async () => {
    const calls = installBridgedRequest(async () => ({ body: "true", xhr: { status: 200 } }));
    await expect(requestJson("/x", { method: "PUT", body: "hi" })).resolves.toBe(true);
    expect(calls[0].data).toBe('"hi"');
  });

  test("schema mismatch: ValidationError (ERR_VALIDATION) with issues and the data as cause", async () => {
    installBridgedRequest(async () => ({ body: '{"n":"one"}', xhr: { status: 200 } }));
    const error: any = await requestJson("/x", { schema: z.object({ n: z.number() }) }).catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_VALIDATION", cause: { n: "one" } });
    expect(error.issues[0].path).toEqual(["n"]);
  });

  test("non-2xx: HttpError with status, statusText, parsed body, headers, url", async () => {
    installBridgedRequest(() => Promise.reject({ err: "Not Found", xhr: { status: 404, statusText: "Not Found", responseText: '{"errorMessages":["gone"]}', headers: { "x-arequestid": "r1" } } }));
    const error: any = await requestJson("/rest/api/3/issue/NOPE-1").catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_HTTP_STATUS", name: "HttpError", status: 404, statusText: "Not Found", body: { errorMessages: ["gone"] }, url: "/rest/api/3/issue/NOPE-1" });
    expect(error.headers.get("x-arequestid")).toBe("r1");
  });

  test("non-JSON error bodies stay text", async () => {
    installBridgedRequest(() => Promise.reject({ err: "e", xhr: { status: 502, responseText: "<html>bad gateway</html>" } }));
    await expect(requestJson("/x")).rejects.toMatchObject({ status: 502, body: "<html>bad gateway</html>" });
  });

  test("a 2xx body that is not JSON: InvalidJsonError with the text", async () => {
    installBridgedRequest(async () => ({ body: "plain text", xhr: { status: 200 } }));
    await expect(requestJson("/x")).rejects.toMatchObject({ code: "ERR_INVALID_JSON", text: "plain text" });
  });

  test("empty 2xx body: undefined", async () => {
    installBridgedRequest(async () => ({ body: "", xhr: { status: 204 } }));
    await expect(requestJson("/x", { method: "DELETE" })).resolves.toBeUndefined();
  });

  test("binary is not allowed in requestJson's types; an explicit Accept is kept", async () => {
    const calls = installBridgedRequest(async () => ({ body: "{}", xhr: { status: 200 } }));
    await requestJson("/x", { headers: { Accept: "application/vnd.custom+json" } });
    expect(calls[0].headers.Accept).toBe("application/vnd.custom+json");
  });
});
