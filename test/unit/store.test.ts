// The property store per target, over the emulated bridge with apkit/testing's in-memory product rules.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  appProperties,
  boardProperties,
  commentProperties,
  contentProperties,
  createPropertyStore,
  dashboardItemProperties,
  HttpError,
  issueProperties,
  issueTypeProperties,
  projectProperties,
  spaceProperties,
  sprintProperties,
  userProperties,
  worklogProperties,
  type PropertyTarget,
} from "apkit";
import {
  createPropertyBackend,
  emulateHost,
  installAP,
  type HostMethod,
  type PropertyBackend,
  type PropertyBackendOptions,
  type PropertyResponse,
} from "apkit/testing";

interface Sent {
  method: string;
  url: string;
  body?: string;
}

/**
 * Installs an emulated host whose product REST is the property backend. `intercept` may answer a call itself (a
 * concurrent writer, a misbehaving product) before the backend does.
 */
function product(options?: PropertyBackendOptions, intercept?: (call: Sent, backend: PropertyBackend) => PropertyResponse | "never" | undefined) {
  const backend = createPropertyBackend(options);
  const sent: Sent[] = [];
  const request: HostMethod = Object.assign(
    (o: { url: string; type?: string; data?: string }) => {
      const call = { method: o.type ?? "GET", url: o.url, body: o.data };
      sent.push(call);
      const answer = intercept?.(call, backend);
      if (answer === "never") return new Promise(() => {});
      if (!answer) return (backend.request as (o: unknown) => Promise<unknown>)(o);
      const xhr = { status: answer.status, statusText: "", responseText: answer.body, headers: answer.headers };
      return answer.status < 300 ? Promise.resolve({ body: answer.body, xhr }) : Promise.reject({ err: "error", xhr });
    },
    { returnsPromise: true },
  );
  installAP(emulateHost({ request }, { warn: () => {} }).connect());
  return { backend, sent };
}

const json = (status: number, body?: unknown): PropertyResponse => ({ status, body: body === undefined ? "" : JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("store on Jira issue properties", () => {
  test("set creates (201) then replaces (200); get reads it back; the calls are PUT/GET on the key", async () => {
    const { backend, sent } = product({ entities: [["issue/ABC-1", "issue/10001"]] });
    const store = createPropertyStore(issueProperties("ABC-1"));
    await store.set("state", { n: 1 });
    await store.set("state", { n: 2 });
    expect(await store.get("state")).toEqual({ n: 2 });
    expect(await createPropertyStore(issueProperties(10001)).get("state")).toEqual({ n: 2 });
    expect(sent.slice(0, 3)).toEqual([
      { method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/state", body: '{"n":1}' },
      { method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/state", body: '{"n":2}' },
      { method: "GET", url: "/rest/api/3/issue/ABC-1/properties/state", body: undefined },
    ]);
    expect(backend.data.get("issue/ABC-1")?.get("state")).toEqual({ value: { n: 2 } });
  });

  test("404 rule: a missing key on a readable issue is undefined (the list answered 200)", async () => {
    const { sent } = product({ entities: ["issue/ABC-1"] });
    const store = createPropertyStore(issueProperties("ABC-1"));
    expect(await store.get("nope")).toBeUndefined();
    expect(await store.has("nope")).toBe(false);
    expect(sent.slice(0, 2).map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET /rest/api/3/issue/ABC-1/properties/nope",
      "GET /rest/api/3/issue/ABC-1/properties",
    ]);
    expect(await store.delete("nope")).toBe(false);
  });

  test("404 rule: a missing or unreadable issue is ERR_PROPERTY_TARGET_NOT_FOUND for every method", async () => {
    product({ entities: ["issue/ABC-1"] });
    const store = createPropertyStore(issueProperties("GONE-1"));
    const err = { code: "ERR_PROPERTY_TARGET_NOT_FOUND", key: "/rest/api/3/issue/GONE-1/properties", cause: expect.any(HttpError) };
    await expect(store.get("k")).rejects.toMatchObject(err);
    await expect(store.has("k")).rejects.toMatchObject(err);
    await expect(store.set("k", 1)).rejects.toMatchObject(err);
    await expect(store.update("k", () => 1)).rejects.toMatchObject(err);
    await expect(store.delete("k")).rejects.toMatchObject(err);
    await expect(store.keys()).rejects.toMatchObject(err);
  });

  test("delete: true (204) for a stored key, then false", async () => {
    const { backend } = product();
    const store = createPropertyStore(issueProperties("ABC-1"));
    await store.set("k", [1, 2]);
    expect(await store.delete("k")).toBe(true);
    expect(backend.data.get("issue/ABC-1")?.has("k")).toBe(false);
    expect(await store.delete("k")).toBe(false);
  });

  test("a 403 on write (no edit permission) stays an HttpError 403, not a size or target error", async () => {
    product({ entities: ["issue/ABC-2"], readOnly: ["issue/ABC-2"] });
    await expect(createPropertyStore(issueProperties("ABC-2")).set("k", 1)).rejects.toMatchObject({ code: "ERR_HTTP_STATUS", status: 403 });
  });

  test("other failures pass through unchanged (500 is an HttpError with its body)", async () => {
    product(undefined, () => json(500, { errorMessages: ["boom"] }));
    await expect(createPropertyStore(issueProperties("ABC-1")).get("k")).rejects.toMatchObject({ code: "ERR_HTTP_STATUS", status: 500, body: { errorMessages: ["boom"] } });
  });
});

describe("store: keyPrefix and keys", () => {
  test("the prefix is applied on the wire and stripped from keys(); other apps' keys are left out", async () => {
    const { backend, sent } = product();
    const mine = createPropertyStore(issueProperties("ABC-1"), { keyPrefix: "com.example.app." });
    const theirs = createPropertyStore(issueProperties("ABC-1"), { keyPrefix: "com.other." });
    const raw = createPropertyStore(issueProperties("ABC-1"));
    await mine.set("a", 1);
    await mine.set("b", 2);
    await theirs.set("a", 3);
    await raw.set("com.example.app.", 4); // the bare prefix is not a key of the prefixed store
    expect(sent[0]!.url).toBe("/rest/api/3/issue/ABC-1/properties/com.example.app.a");
    expect(await mine.keys()).toEqual(["a", "b"]);
    expect(await theirs.keys()).toEqual(["a"]);
    expect((await raw.keys()).sort()).toEqual(["com.example.app.", "com.example.app.a", "com.example.app.b", "com.other.a"]);
    expect(await mine.get("a")).toBe(1);
    expect(await theirs.get("a")).toBe(3);
    expect(backend.data.get("issue/ABC-1")?.size).toBe(4);
  });

  test("key length counts the prefix: 255 on Jira and Confluence, 127 on app properties; empty keys refused", async () => {
    const { sent } = product();
    const prefix = "p".repeat(55);
    const jira = createPropertyStore(issueProperties("ABC-1"), { keyPrefix: prefix });
    await jira.set("k".repeat(200), 1); // 255 in all
    await expect(jira.set("k".repeat(201), 1)).rejects.toBeInstanceOf(TypeError);
    await expect(jira.get("")).rejects.toBeInstanceOf(TypeError);
    const app = createPropertyStore(appProperties("my-app"), { keyPrefix: prefix });
    await app.set("k".repeat(72), 1); // 127
    await expect(app.set("k".repeat(73), 1)).rejects.toBeInstanceOf(TypeError);
    const page = createPropertyStore(contentProperties("1"), { keyPrefix: prefix });
    await expect(page.get("k".repeat(201))).rejects.toBeInstanceOf(TypeError);
    expect(sent.filter((s) => s.method === "PUT").length).toBe(2); // the refused ones sent nothing
  });
});

describe("store: size limit", () => {
  test("over 32768 UTF-8 bytes: ERR_PROPERTY_TOO_LARGE before anything is sent, the stored value intact", async () => {
    const { backend, sent } = product();
    const store = createPropertyStore(issueProperties("ABC-1"));
    await store.set("notes", "x".repeat(32766)); // 32768 bytes with the quotes: fits exactly
    const before = sent.length;
    const euro = "€".repeat(10923); // 10,925 characters of JSON but 32,771 bytes
    await expect(store.set("notes", euro)).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", key: "notes", bytes: 32771, limit: 32768 });
    await expect(store.update("notes", () => euro)).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE" });
    expect(sent.slice(before).every((s) => s.method === "GET")).toBe(true);
    expect((backend.data.get("issue/ABC-1")?.get("notes")?.value as string).length).toBe(32766);
  });

  test.each([400, 403, 413] as const)("the product refusing the size with %i is one PropertyTooLargeError", async (status) => {
    product({ valueBytes: 1000, tooLargeStatus: status });
    const value = "y".repeat(2000);
    await expect(createPropertyStore(issueProperties("ABC-1")).set("k", value)).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", bytes: 2002, cause: { status } });
    await expect(createPropertyStore(contentProperties("5")).set("k", value)).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", cause: { status } });
    await expect(createPropertyStore(appProperties("a")).set("k", value)).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", cause: { status } });
  });

  test("a target may declare another limit", async () => {
    const { sent } = product();
    const small: PropertyTarget = { ...issueProperties("ABC-1"), valueBytes: 8 };
    await expect(createPropertyStore(small).set("k", "123456789")).rejects.toMatchObject({ code: "ERR_PROPERTY_TOO_LARGE", limit: 8, bytes: 11 });
    expect(sent).toEqual([]);
  });
});

describe("store: schema on read and write", () => {
  const Settings = z.object({ theme: z.enum(["light", "dark"]), size: z.number().default(12) });

  test("write: an invalid value is ERR_VALIDATION and nothing is sent; the schema's output is what is stored", async () => {
    const { backend, sent } = product();
    const store = createPropertyStore(issueProperties("ABC-1"), { schema: Settings });
    await expect(store.set("s", { theme: "neon" } as never)).rejects.toMatchObject({ code: "ERR_VALIDATION" });
    expect(sent).toEqual([]);
    await store.set("s", { theme: "dark" } as never);
    expect(backend.data.get("issue/ABC-1")?.get("s")?.value).toEqual({ theme: "dark", size: 12 });
    const value = await store.get("s");
    expect(value?.size).toBe(12);
  });

  test("read: a stored value that does not match is ERR_VALIDATION (get and update), never silently replaced", async () => {
    const { backend } = product();
    backend.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/s", body: '{"theme":42}' });
    const store = createPropertyStore(issueProperties("ABC-1"), { schema: Settings });
    await expect(store.get("s")).rejects.toMatchObject({ code: "ERR_VALIDATION" });
    await expect(store.update("s", () => ({ theme: "light", size: 1 }))).rejects.toMatchObject({ code: "ERR_VALIDATION" });
    expect(backend.data.get("issue/ABC-1")?.get("s")?.value).toEqual({ theme: 42 });
    expect(await store.has("s")).toBe(true); // has does not validate
    await store.set("s", { theme: "light", size: 1 }); // set replaces on purpose
    expect(await store.get("s")).toEqual({ theme: "light", size: 1 });
  });
});

describe("store: update", () => {
  test("fn gets the current value (undefined when unset); returning undefined writes nothing", async () => {
    const { sent } = product();
    const store = createPropertyStore<number>(issueProperties("ABC-1"));
    const seen: Array<number | undefined> = [];
    expect(await store.update("n", (n) => (seen.push(n), (n ?? 0) + 1))).toBe(1);
    expect(await store.update("n", async (n) => (seen.push(n), n! + 1))).toBe(2);
    const puts = sent.filter((s) => s.method === "PUT").length;
    expect(await store.update("n", () => undefined)).toBe(2);
    expect(sent.filter((s) => s.method === "PUT").length).toBe(puts);
    expect(seen).toEqual([undefined, 1]);
  });

  test("set(undefined) and values that are not JSON are TypeErrors", async () => {
    product();
    const store = createPropertyStore(issueProperties("ABC-1"));
    await expect(store.set("k", undefined)).rejects.toBeInstanceOf(TypeError);
    await expect(store.set("k", () => 1)).rejects.toBeInstanceOf(TypeError);
  });

  test("verify: an overwrite between the write and the read-back is ERR_PROPERTY_OVERWRITTEN with both values", async () => {
    let puts = 0;
    product(undefined, (call, backend) => {
      // Another user's write lands right after ours.
      if (call.method === "PUT" && ++puts === 1) {
        const mine = backend.handle(call);
        backend.handle({ method: "PUT", url: call.url, body: '{"by":"someone else"}' });
        return mine;
      }
      return undefined;
    });
    const store = createPropertyStore(issueProperties("ABC-1"));
    await expect(store.update("doc", () => ({ by: "me" }), { verify: true })).rejects.toMatchObject({
      code: "ERR_PROPERTY_OVERWRITTEN",
      key: "doc",
      expected: { by: "me" },
      actual: { by: "someone else" },
    });
    // without a concurrent writer, verify passes
    expect(await store.update("doc", () => ({ by: "me" }), { verify: true })).toEqual({ by: "me" });
  });

  test("verify: a deletion after the write is reported too (actual undefined)", async () => {
    product(undefined, (call, backend) => {
      if (call.method !== "PUT") return undefined;
      const mine = backend.handle(call);
      backend.handle({ method: "DELETE", url: call.url });
      return mine;
    });
    await expect(createPropertyStore(appProperties("a")).update("k", () => 1, { verify: true })).rejects.toMatchObject({ code: "ERR_PROPERTY_OVERWRITTEN", actual: undefined });
  });
});

describe("store: CallOptions pass through to every round trip", () => {
  test("timeout: a product that never answers is ERR_TIMEOUT with the given timeout", async () => {
    product(undefined, () => "never");
    await expect(createPropertyStore(issueProperties("ABC-1")).get("k", { timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT", timeout: 20 });
    await expect(createPropertyStore(contentProperties("1")).keys({ timeout: 20 })).rejects.toMatchObject({ code: "ERR_TIMEOUT" });
  });

  test("signal: aborting rejects with ERR_ABORTED (name AbortError)", async () => {
    product(undefined, () => "never");
    const controller = new AbortController();
    const pending = createPropertyStore(issueProperties("ABC-1")).set("k", 1, { signal: controller.signal });
    controller.abort(new Error("user left"));
    await expect(pending).rejects.toMatchObject({ code: "ERR_ABORTED", name: "AbortError" });
    await expect(createPropertyStore(issueProperties("ABC-1")).delete("k", { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });
});

describe("store on the other Jira targets", () => {
  const cases: Array<[string, PropertyTarget, string, string]> = [
    ["project", projectProperties("ABC"), "/rest/api/3/project/ABC/properties", "project/ABC"],
    ["user", userProperties("557058:u 1"), "/rest/api/3/user/properties", "user/557058:u 1"],
    ["comment", commentProperties(10010), "/rest/api/3/comment/10010/properties", "comment/10010"],
    ["worklog", worklogProperties("ABC-1", 100), "/rest/api/3/issue/ABC-1/worklog/100/properties", "issue/ABC-1/worklog/100"],
    ["issue type", issueTypeProperties("10001"), "/rest/api/3/issuetype/10001/properties", "issuetype/10001"],
    ["dashboard item", dashboardItemProperties(1, "item/2"), "/rest/api/3/dashboard/1/items/item%2F2/properties", "dashboard/1/items/item/2"],
    ["board", boardProperties(7), "/rest/agile/1.0/board/7/properties", "board/7"],
    ["sprint", sprintProperties(3), "/rest/agile/1.0/sprint/3/properties", "sprint/3"],
  ];

  test.each(cases)("%s: set, get, keys, delete on its path", async (_name, target, path, entity) => {
    const { backend, sent } = product();
    expect([target.rules, target.path]).toEqual(["entity", path]);
    const store = createPropertyStore(target, { keyPrefix: "app." });
    await store.set("k", { on: true });
    expect(await store.get("k")).toEqual({ on: true });
    expect(await store.keys()).toEqual(["k"]);
    expect(await store.delete("k")).toBe(true);
    expect(backend.data.get(entity)?.size).toBe(0);
    expect(sent[0]!.url.split("?")[0]).toBe(`${path}/app.k`);
  });

  test("user properties carry the accountId query on every call", async () => {
    const { sent } = product();
    const store = createPropertyStore(userProperties("557058:abc"));
    await store.set("k", 1);
    await store.keys();
    expect(sent.map((s) => s.url)).toEqual(["/rest/api/3/user/properties/k?accountId=557058%3Aabc", "/rest/api/3/user/properties?accountId=557058%3Aabc"]);
  });
});

describe("store on app properties", () => {
  test("reads ask for ?jsonValue=true; 201/200 writes; the path is the addon's", async () => {
    const { backend, sent } = product({ entities: ["addons/com.example.app"] });
    const store = createPropertyStore(appProperties("com.example.app"));
    await store.set("cfg", { a: [1, 2] });
    await store.set("cfg", { a: [3] });
    expect(await store.get("cfg")).toEqual({ a: [3] });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      "PUT /rest/atlassian-connect/1/addons/com.example.app/properties/cfg",
      "PUT /rest/atlassian-connect/1/addons/com.example.app/properties/cfg",
      "GET /rest/atlassian-connect/1/addons/com.example.app/properties/cfg?jsonValue=true",
    ]);
    expect(backend.data.get("addons/com.example.app")?.get("cfg")?.value).toEqual({ a: [3] });
    await expect(createPropertyStore(appProperties("someone-else")).get("cfg")).rejects.toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND" });
  });

  test("a product that answers with the JSON text as a string: objects, arrays and strings read back as stored", async () => {
    product({ appValueAsString: true });
    const store = createPropertyStore(appProperties("my-app"));
    await store.set("obj", { a: 1 });
    await store.set("arr", [1]);
    await store.set("num-like", "42");
    expect(await store.get("obj")).toEqual({ a: 1 });
    expect(await store.get("arr")).toEqual([1]);
    expect(await store.get("num-like")).toBe("42");
  });

  test("a product that honours jsonValue=true: a string value that merely looks like JSON is not touched unless quoted", async () => {
    product();
    const store = createPropertyStore(appProperties("my-app"));
    await store.set("s", "plain [text]");
    await store.set("n", 42);
    expect([await store.get("s"), await store.get("n")]).toEqual(["plain [text]", 42]);
  });

  test("the key cap: a refused new key is ERR_PROPERTY_LIMIT; replacing an existing key still works", async () => {
    const { backend } = product({ appPropertyLimit: 3 });
    const store = createPropertyStore(appProperties("my-app"));
    for (const k of ["a", "b", "c"]) await store.set(k, k);
    await expect(store.set("d", "d")).rejects.toMatchObject({ code: "ERR_PROPERTY_LIMIT", key: "d", limit: 100, cause: { status: 400 } });
    await store.set("a", "again");
    expect([...backend.data.get("addons/my-app")!.keys()]).toEqual(["a", "b", "c"]);
  });

  test("the key cap at 100 keys is recognised from the count alone, whatever the message says", async () => {
    const { backend } = product(undefined, (call, b) =>
      call.method === "PUT" && b.data.get("addons/my-app")!.size >= 100 && !call.url.endsWith("/k0") ? json(403, { message: "Forbidden", statusCode: 403 }) : undefined,
    );
    const store = createPropertyStore(appProperties("my-app"));
    for (let i = 0; i < 100; i++) backend.handle({ method: "PUT", url: `/rest/atlassian-connect/1/addons/my-app/properties/k${i}`, body: "1" });
    await expect(store.set("k100", 1)).rejects.toMatchObject({ code: "ERR_PROPERTY_LIMIT" });
    await store.set("k0", 2);
  });
});

describe("store on Confluence content and space properties", () => {
  test("set creates with POST (version 1), then PUTs to the property id with version + 1", async () => {
    const { backend, sent } = product({ entities: ["pages/123"] });
    const store = createPropertyStore(contentProperties("123"));
    await store.set("votes", 1);
    await store.set("votes", 2);
    expect(await store.get("votes")).toBe(2);
    const stored = backend.data.get("pages/123")!.get("votes")!;
    expect(stored).toMatchObject({ value: 2, version: 2 });
    expect(sent.map((s) => `${s.method} ${s.url} ${s.body ?? ""}`)).toEqual([
      "GET /api/v2/pages/123/properties?key=votes ",
      'POST /api/v2/pages/123/properties {"key":"votes","value":1}',
      "GET /api/v2/pages/123/properties?key=votes ",
      `PUT /api/v2/pages/123/properties/${stored.id} {"key":"votes","value":2,"version":{"number":2}}`,
      "GET /api/v2/pages/123/properties?key=votes ",
    ]);
  });

  test("a missing key is 200 with no results: undefined in one call; a 404 means the page is unreachable", async () => {
    const { sent } = product({ entities: ["pages/123"] });
    expect(await createPropertyStore(contentProperties("123")).get("nope")).toBeUndefined();
    expect(sent.length).toBe(1);
    const gone = createPropertyStore(contentProperties("999"));
    for (const run of [() => gone.get("k"), () => gone.set("k", 1), () => gone.delete("k"), () => gone.keys()]) {
      await expect(run()).rejects.toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND", key: "/api/v2/pages/999/properties" });
    }
  });

  test("delete: true by property id, then false; keys follows the cursor across pages", async () => {
    const { sent } = product({ pageSize: 25 });
    const store = createPropertyStore(contentProperties("7", "blogposts"), { keyPrefix: "x." });
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (const k of keys) await store.set(k, k);
    sent.length = 0;
    expect(await store.keys()).toEqual(keys);
    expect(sent.map((s) => s.url)).toEqual(["/api/v2/blogposts/7/properties", expect.stringMatching(/^\/api\/v2\/blogposts\/7\/properties\?cursor=/)]);
    expect(await store.delete("k0")).toBe(true);
    expect(await store.delete("k0")).toBe(false);
    expect((await store.keys()).length).toBe(29);
  });

  test("space properties: /api/v2/spaces/{id}/properties, versioned; a non-admin write is HttpError 403", async () => {
    const { backend, sent } = product({ readOnly: ["spaces/2"] });
    const target = spaceProperties("98304");
    expect(target).toMatchObject({ rules: "content", path: "/api/v2/spaces/98304/properties" });
    const store = createPropertyStore(target);
    await store.update("n", (n: any = 0) => n + 1);
    await store.update("n", (n: any = 0) => n + 1);
    expect(backend.data.get("spaces/98304")?.get("n")).toMatchObject({ value: 2, version: 2 });
    expect(sent.some((s) => s.method === "PUT")).toBe(true);
    await expect(createPropertyStore(spaceProperties(2)).set("n", 1)).rejects.toMatchObject({ code: "ERR_HTTP_STATUS", status: 403 });
  });

  test("a stale version (another writer in between) is retried with fresh data: both changes survive", async () => {
    let interfered = false;
    const backoffs: number[] = [];
    const { backend } = product(undefined, (call, b) => {
      if (call.method === "PUT" && !interfered) {
        interfered = true;
        const [, p] = [...b.data.get("pages/1")!][0]!;
        b.handle({ method: "PUT", url: call.url, body: JSON.stringify({ key: "list", value: [...(p.value as string[]), "theirs"], version: { number: p.version! + 1 } }) });
      }
      return undefined;
    });
    const store = createPropertyStore<string[]>(contentProperties("1"), { backoff: (a) => (backoffs.push(a), 0) });
    await store.set("list", ["first"]);
    expect(await store.update("list", (l = []) => [...l, "mine"])).toEqual(["first", "theirs", "mine"]);
    expect(backend.data.get("pages/1")!.get("list")).toMatchObject({ value: ["first", "theirs", "mine"], version: 3 });
    expect([backoffs, backend.stats.conflicts]).toEqual([[0], 1]);
  });

  test("defensive: a conflict reported as 400 (not 409) is still a conflict when the version moved", async () => {
    let first = true;
    const { backend } = product(undefined, (call, b) => {
      if (call.method !== "PUT" || !first) return undefined;
      first = false;
      const [key, p] = [...b.data.get("pages/1")!][0]!;
      b.handle({ method: "PUT", url: call.url, body: JSON.stringify({ key, value: 10, version: { number: p.version! + 1 } }) });
      return json(400, { errors: [{ status: 400, title: "Version must be incremented on update." }] });
    });
    const store = createPropertyStore<number>(contentProperties("1"), { backoff: () => 0 });
    await store.set("n", 1);
    expect(await store.update("n", (n = 0) => n + 1)).toBe(11);
    expect(backend.data.get("pages/1")!.get("n")!.value).toBe(11);
  });

  test("defensive: a create racing another create (409 on POST) retries as an update", async () => {
    let first = true;
    const { backend } = product(undefined, (call, b) => {
      if (call.method === "POST" && first) {
        first = false;
        b.handle({ method: "POST", url: call.url, body: JSON.stringify({ key: "n", value: 5 }) });
      }
      return undefined;
    });
    const store = createPropertyStore<number>(contentProperties("1"), { backoff: () => 0 });
    expect(await store.update("n", (n = 0) => n + 1)).toBe(6);
    expect(backend.data.get("pages/1")!.get("n")).toMatchObject({ value: 6, version: 2 });
  });

  test("races with a deletion: delete after someone else deleted is false; an update whose property vanished re-creates it", async () => {
    let race: "delete" | "put" | undefined;
    const { backend } = product(undefined, (call, b) => {
      if (race && call.method === (race === "delete" ? "DELETE" : "PUT")) {
        race = undefined;
        b.handle({ method: "DELETE", url: call.url }); // someone else deletes it first
      }
      return undefined;
    });
    const store = createPropertyStore<number>(contentProperties("1"), { backoff: () => 0 });
    await store.set("n", 1);
    race = "delete";
    expect(await store.delete("n")).toBe(false);
    await store.set("n", 1);
    race = "put";
    expect(await store.update("n", (n = 0) => n + 1)).toBe(1); // re-read found nothing: counted from scratch
    expect(backend.data.get("pages/1")!.get("n")).toMatchObject({ value: 1, version: 1 });
  });

  test("a page deleted while deleting a property is ERR_PROPERTY_TARGET_NOT_FOUND", async () => {
    const entities = new Set(["pages/1"]);
    product({ entities: (name) => entities.has(name) }, (call) => {
      if (call.method === "DELETE") entities.delete("pages/1");
      return undefined;
    });
    const store = createPropertyStore(contentProperties("1"));
    await store.set("n", 1);
    await expect(store.delete("n")).rejects.toMatchObject({ code: "ERR_PROPERTY_TARGET_NOT_FOUND" });
  });

  test("retries are bounded: endless conflicts end in ERR_PROPERTY_CONFLICT after retries + 1 writes, nothing written", async () => {
    const { backend, sent } = product(undefined, (call) => (call.method === "PUT" ? json(409, { errors: [{ status: 409 }] }) : undefined));
    const backoffs: number[] = [];
    const store = createPropertyStore<number>(contentProperties("1"), { retries: 3, backoff: (a) => (backoffs.push(a), 1) });
    await store.set("n", 1);
    await expect(store.update("n", (n = 0) => n + 1)).rejects.toMatchObject({ code: "ERR_PROPERTY_CONFLICT", key: "n", attempts: 4 });
    expect(backoffs).toEqual([0, 1, 2]);
    expect(sent.filter((s) => s.method === "PUT").length).toBe(4);
    expect(backend.data.get("pages/1")!.get("n")).toMatchObject({ value: 1, version: 1 });
  });

  test("the default backoff is jittered and grows: random up to min(2000, 50 * 2^attempt)", async () => {
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    // Record the delays the store asks for, and run them at once.
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      // Backoff waits are at most 2 s; longer timers are the calls' deadlines and keep their time.
      if (ms === undefined || ms <= 0 || ms > 2000) return realSetTimeout(fn, ms);
      waits.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      product(undefined, (call) => (call.method === "PUT" ? json(409, {}) : undefined));
      const store = createPropertyStore<number>(contentProperties("1"), { retries: 7 });
      await store.set("n", 1);
      await expect(store.update("n", (n = 0) => n + 1)).rejects.toMatchObject({ code: "ERR_PROPERTY_CONFLICT", attempts: 8 });
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(waits.length).toBeGreaterThan(0);
    waits.forEach((ms, i) => expect(ms).toBeLessThan(Math.min(2000, 50 * 2 ** i) + 1));
    expect(new Set(waits.map((w) => Math.round(w))).size).toBeGreaterThan(1);
  });

  test("an abort during the backoff wait rejects at once with ERR_ABORTED", async () => {
    product(undefined, (call) => (call.method === "PUT" ? json(409, {}) : undefined));
    const controller = new AbortController();
    const store = createPropertyStore<number>(contentProperties("1"), {
      backoff: () => {
        controller.abort();
        return 60_000;
      },
    });
    await store.set("n", 1);
    await expect(store.update("n", (n = 0) => n + 1, { signal: controller.signal })).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });

  test("verify is ignored on versioned targets (they cannot lose an update)", async () => {
    const { sent } = product();
    const store = createPropertyStore<number>(contentProperties("1"));
    await store.update("n", () => 1, { verify: true });
    expect(sent.map((s) => s.method)).toEqual(["GET", "POST"]);
  });
});

// Security review finding 7: encodeURIComponent keeps "." as is, so a key or id of ".." became a path dot-segment
// that the browser resolves (PUT /rest/api/3/issue/ABC-1/properties/.. is PUT /rest/api/3/issue/ABC-1/).
describe("store: keys and ids that are path dot-segments are refused before anything is sent", () => {
  const targets: Array<[string, () => PropertyTarget]> = [
    ["issue", () => issueProperties("ABC-1")],
    ["project", () => projectProperties("ABC")],
    ["user", () => userProperties("557058:u")],
    ["comment", () => commentProperties(10010)],
    ["worklog", () => worklogProperties("ABC-1", 100)],
    ["issue type", () => issueTypeProperties("10001")],
    ["dashboard item", () => dashboardItemProperties(1, 2)],
    ["board", () => boardProperties(7)],
    ["sprint", () => sprintProperties(3)],
    ["app", () => appProperties("com.example.app")],
    ["content", () => contentProperties("123")],
    ["blog post content", () => contentProperties("123", "blogposts")],
    ["space", () => spaceProperties("98304")],
  ];
  const methods: Array<[string, (store: ReturnType<typeof createPropertyStore>, key: string) => Promise<unknown>]> = [
    ["get", (store, key) => store.get(key)],
    ["has", (store, key) => store.has(key)],
    ["set", (store, key) => store.set(key, 1)],
    ["update", (store, key) => store.update(key, () => 1)],
    ["delete", (store, key) => store.delete(key)],
  ];
  // [key, keyPrefix]: the full key is the prefix and the key together.
  const keys = [[".", ""], ["..", ""], [".", "."]] as const;
  const cases = targets.flatMap(([name, target]) =>
    methods.flatMap(([method, run]) => keys.map(([key, prefix]) => [name, method, key, prefix, target, run] as const)),
  );

  test.each(cases)("%s.%s(%j) with keyPrefix %j: TypeError, nothing sent", async (_name, _method, key, prefix, target, run) => {
    const { sent } = product();
    const store = createPropertyStore(target(), { keyPrefix: prefix });
    await expect(run(store, key)).rejects.toThrow(TypeError);
    expect(sent).toEqual([]);
  });

  test("a prefix that makes the full key a dot-segment counts too; dots inside a key are fine", async () => {
    const { sent } = product();
    await expect(createPropertyStore(issueProperties("ABC-1"), { keyPrefix: "." }).set(".", 1)).rejects.toThrow(/dot-segment/);
    expect(sent).toEqual([]);
    const store = createPropertyStore(issueProperties("ABC-1"));
    for (const key of ["...", ".a", "a.", "a..b", "%2E%2E"]) await store.set(key, 1);
    expect(sent.map((s) => s.url)).toEqual([
      "/rest/api/3/issue/ABC-1/properties/...",
      "/rest/api/3/issue/ABC-1/properties/.a",
      "/rest/api/3/issue/ABC-1/properties/a.",
      "/rest/api/3/issue/ABC-1/properties/a..b",
      "/rest/api/3/issue/ABC-1/properties/%252E%252E",
    ]);
  });

  test.each([
    ["issueProperties", () => issueProperties("..")],
    ["projectProperties", () => projectProperties(".")],
    ["commentProperties", () => commentProperties("..")],
    ["worklogProperties (issue)", () => worklogProperties("..", 1)],
    ["worklogProperties (worklog)", () => worklogProperties("ABC-1", "..")],
    ["issueTypeProperties", () => issueTypeProperties("..")],
    ["dashboardItemProperties (item)", () => dashboardItemProperties(1, "..")],
    ["boardProperties", () => boardProperties(".")],
    ["sprintProperties", () => sprintProperties("..")],
    ["appProperties", () => appProperties("..")],
    ["contentProperties", () => contentProperties("..")],
    ["spaceProperties", () => spaceProperties(".")],
  ])("%s with a dot-segment id is a TypeError (no target, so nothing can be sent)", (_name, make) => {
    expect(make).toThrow(TypeError);
  });
});
