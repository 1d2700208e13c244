// The in-memory product rules of apkit/testing's property backend, checked call by call (no store involved).
import { describe, expect, test } from "vitest";
import { createPropertyBackend, type PropertyRequest } from "apkit/testing";

const json = (r: { body: string }) => (r.body === "" ? undefined : JSON.parse(r.body));

describe("propertyBackend: Jira entity properties", () => {
  const issue = "/rest/api/3/issue/ABC-1/properties";

  test("PUT answers 201 for a new key, 200 for a replaced one; GET gives { key, value }; list gives keys", () => {
    const b = createPropertyBackend({ entities: [["issue/ABC-1", "issue/10001"]] });
    expect(b.handle({ method: "PUT", url: `${issue}/a`, body: '{"n":1}' })).toMatchObject({ status: 201, body: "" });
    expect(b.handle({ method: "PUT", url: `${issue}/a`, body: '{"n":2}' }).status).toBe(200);
    expect(json(b.handle({ url: `${issue}/a` }))).toMatchObject({ key: "a", value: { n: 2 } });
    // the id and the key name the same issue
    expect(json(b.handle({ url: "/rest/api/3/issue/10001/properties/a" })).value).toEqual({ n: 2 });
    expect(json(b.handle({ url: issue })).keys.map((k: any) => k.key)).toEqual(["a"]);
    expect(b.data.get("issue/ABC-1")?.get("a")).toEqual({ value: { n: 2 } });
  });

  test("an entities function may name where an entity is stored: entities that appear later, id and key as one", () => {
    const issues = new Map([["10001", "ABC-1"]]);
    const b = createPropertyBackend({
      entities: (name) => {
        const m = /^issue\/([^/]+)$/.exec(name);
        if (!m) return name === "project/ABC";
        const key = issues.get(m[1]!) ?? [...issues.values()].find((k) => k === m[1]);
        return key ? `issue/${key}` : false;
      },
    });
    expect(b.handle({ method: "PUT", url: "/rest/api/3/issue/10001/properties/a", body: "1" }).status).toBe(201);
    expect(json(b.handle({ url: `${issue}/a` })).value).toBe(1);
    expect(b.handle({ url: "/rest/api/3/issue/10002/properties/a" }).status).toBe(404);
    issues.set("10002", "ABC-2"); // created while the product runs
    expect(b.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-2/properties/a", body: "2" }).status).toBe(201);
    expect(json(b.handle({ url: "/rest/api/3/issue/10002/properties/a" })).value).toBe(2);
    expect(b.handle({ method: "PUT", url: "/rest/api/3/project/ABC/properties/p", body: "3" }).status).toBe(201);
    expect([...b.data.keys()]).toEqual(["issue/ABC-1", "issue/ABC-2", "project/ABC"]);
  });

  test("404 shapes: a missing key and a missing issue both 404, only the list tells them apart", () => {
    const b = createPropertyBackend({ entities: ["issue/ABC-1"] });
    const missingKey = b.handle({ url: `${issue}/nope` });
    const missingIssue = b.handle({ url: "/rest/api/3/issue/NOPE-9/properties/nope" });
    expect([missingKey.status, missingIssue.status]).toEqual([404, 404]);
    expect(json(missingKey).errorMessages[0]).toMatch(/property/);
    expect(json(missingIssue).errorMessages[0]).toMatch(/does not exist or you do not have permission/);
    expect(b.handle({ url: issue }).status).toBe(200);
    expect(b.handle({ url: "/rest/api/3/issue/NOPE-9/properties" }).status).toBe(404);
    expect(b.handle({ method: "PUT", url: "/rest/api/3/issue/NOPE-9/properties/k", body: "1" }).status).toBe(404);
    expect(b.handle({ method: "DELETE", url: `${issue}/nope` }).status).toBe(404);
  });

  test("DELETE answers 204; read-only entities answer 403 to writes", () => {
    const b = createPropertyBackend({ entities: ["issue/ABC-1", "issue/ABC-2"], readOnly: ["issue/ABC-2"] });
    b.handle({ method: "PUT", url: `${issue}/a`, body: "true" });
    expect(b.handle({ method: "DELETE", url: `${issue}/a` })).toMatchObject({ status: 204, body: "" });
    expect(b.handle({ url: `${issue}/a` }).status).toBe(404);
    expect(b.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-2/properties/a", body: "true" }).status).toBe(403);
    expect(b.handle({ url: "/rest/api/3/issue/ABC-2/properties" }).status).toBe(200);
  });

  test("limits: key over 255 characters 400; value over 32768 UTF-8 bytes gets the configured status; non-JSON 400", () => {
    for (const status of [400, 403, 413] as const) {
      const b = createPropertyBackend({ tooLargeStatus: status });
      expect(b.handle({ method: "PUT", url: `${issue}/${"k".repeat(256)}`, body: "1" }).status).toBe(400);
      expect(b.handle({ method: "PUT", url: `${issue}/${"k".repeat(255)}`, body: "1" }).status).toBe(201);
      const exact = JSON.stringify("x".repeat(32766)); // 32768 bytes with the quotes
      expect(b.handle({ method: "PUT", url: `${issue}/big`, body: exact }).status).toBe(201);
      const euro = JSON.stringify("€".repeat(10923)); // 10923 characters, 32771 bytes
      expect(b.handle({ method: "PUT", url: `${issue}/big`, body: euro }).status).toBe(status);
      expect(b.handle({ method: "PUT", url: `${issue}/bad`, body: "{nope" }).status).toBe(400);
      expect(b.handle({ method: "PUT", url: `${issue}/bad`, body: "" }).status).toBe(400);
    }
  });

  test("every Jira entity path: project, user (accountId query), comment, worklog, issue type, dashboard item, board, sprint", () => {
    const b = createPropertyBackend();
    const paths = [
      ["/rest/api/3/project/ABC/properties", "project/ABC"],
      ["/rest/api/3/user/properties", "user/557058:u1", "?accountId=557058%3Au1"],
      ["/rest/api/3/comment/10010/properties", "comment/10010"],
      ["/rest/api/3/issue/ABC-1/worklog/100/properties", "issue/ABC-1/worklog/100"],
      ["/rest/api/3/issuetype/10001/properties", "issuetype/10001"],
      ["/rest/api/3/dashboard/1/items/item-2/properties", "dashboard/1/items/item-2"],
      ["/rest/agile/1.0/board/7/properties", "board/7"],
      ["/rest/agile/1.0/sprint/3/properties", "sprint/3"],
    ];
    for (const [path, entity, query = ""] of paths) {
      expect(b.handle({ method: "PUT", url: `${path}/k${query}`, body: '"v"' }).status).toBe(201);
      expect(b.data.get(entity!)?.get("k")?.value).toBe("v");
    }
  });
});

describe("propertyBackend: app properties", () => {
  const app = "/rest/atlassian-connect/1/addons/my-app/properties";

  test("201/200 with { message, statusCode }; value as JSON with ?jsonValue=true, as a string otherwise", () => {
    const b = createPropertyBackend();
    expect(json(b.handle({ method: "PUT", url: `${app}/a`, body: '{"x":1}' }))).toEqual({ message: "Property created.", statusCode: 201 });
    expect(b.handle({ method: "PUT", url: `${app}/a`, body: '{"x":2}' }).status).toBe(200);
    expect(json(b.handle({ url: `${app}/a?jsonValue=true` })).value).toEqual({ x: 2 });
    expect(json(b.handle({ url: `${app}/a` })).value).toBe('{"x":2}');
    const old = createPropertyBackend({ appValueAsString: true });
    old.handle({ method: "PUT", url: `${app}/a`, body: '{"x":3}' });
    expect(json(old.handle({ url: `${app}/a?jsonValue=true` })).value).toBe('{"x":3}');
  });

  test("key up to 127 characters; the key cap refuses a new key, not an existing one", () => {
    const b = createPropertyBackend({ appPropertyLimit: 2 });
    expect(b.handle({ method: "PUT", url: `${app}/${"k".repeat(128)}`, body: "1" }).status).toBe(400);
    expect(b.handle({ method: "PUT", url: `${app}/a`, body: "1" }).status).toBe(201);
    expect(b.handle({ method: "PUT", url: `${app}/b`, body: "1" }).status).toBe(201);
    const refused = b.handle({ method: "PUT", url: `${app}/c`, body: "1" });
    expect([refused.status, json(refused).message]).toEqual([400, expect.stringMatching(/maximum number of properties/)]);
    expect(b.handle({ method: "PUT", url: `${app}/a`, body: "2" }).status).toBe(200);
  });

  test("an unknown app answers 404 to the list and to keys", () => {
    const b = createPropertyBackend({ entities: ["addons/my-app"] });
    expect(b.handle({ url: "/rest/atlassian-connect/1/addons/other/properties" }).status).toBe(404);
    expect(b.handle({ url: `${app}` }).status).toBe(200);
  });
});

describe("propertyBackend: Confluence v2 content and space properties", () => {
  const page = "/api/v2/pages/123/properties";
  const post = (b: ReturnType<typeof createPropertyBackend>, body: unknown, url = page) => b.handle({ method: "POST", url, body: JSON.stringify(body) });

  test("POST creates version 1; ?key= finds it (200, empty results when missing); PUT needs version + 1", () => {
    const b = createPropertyBackend();
    const created = json(post(b, { key: "votes", value: 1 }));
    expect(created).toMatchObject({ key: "votes", value: 1, version: { number: 1 } });
    expect(json(b.handle({ url: `${page}?key=votes` })).results).toEqual([expect.objectContaining({ id: created.id, value: 1 })]);
    expect(b.handle({ url: `${page}?key=other` })).toMatchObject({ status: 200, body: expect.stringContaining('"results":[]') });
    const put = (number: number, value: unknown) => b.handle({ method: "PUT", url: `${page}/${created.id}`, body: JSON.stringify({ key: "votes", value, version: { number } }) });
    expect(put(1, 2).status).toBe(409); // not incremented
    expect(put(3, 2).status).toBe(409); // skipped one
    expect(json(put(2, 2))).toMatchObject({ value: 2, version: { number: 2 } });
    expect(put(2, 3).status).toBe(409); // stale now
    expect(b.stats.conflicts).toBe(3);
  });

  test("POST of an existing key is 409; a missing page is 404 everywhere; DELETE by id is 204 then 404", () => {
    const b = createPropertyBackend({ entities: ["pages/123"] });
    const { id } = json(post(b, { key: "k", value: true }));
    expect(post(b, { key: "k", value: false }).status).toBe(409);
    expect(b.handle({ url: "/api/v2/pages/999/properties?key=k" }).status).toBe(404);
    expect(post(b, { key: "k", value: 1 }, "/api/v2/pages/999/properties").status).toBe(404);
    expect(json(b.handle({ url: "/api/v2/pages/999/properties" })).errors[0]).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(b.handle({ method: "DELETE", url: `${page}/${id}` }).status).toBe(204);
    expect(b.handle({ method: "DELETE", url: `${page}/${id}` }).status).toBe(404);
  });

  test("lists page with a cursor: _links.next is site-relative under /wiki, with a Link header", () => {
    const b = createPropertyBackend({ pageSize: 2 });
    for (const key of ["a", "b", "c"]) post(b, { key, value: key }, "/api/v2/spaces/42/properties");
    const first = b.handle({ url: "/api/v2/spaces/42/properties" });
    const body = json(first);
    expect(body.results.map((r: any) => r.key)).toEqual(["a", "b"]);
    expect(body._links.next).toMatch(/^\/wiki\/api\/v2\/spaces\/42\/properties\?cursor=/);
    expect(first.headers.link).toBe(`<${body._links.next}>; rel="next"`);
    const second = json(b.handle({ url: body._links.next.replace(/^\/wiki/, "") }));
    expect([second.results.map((r: any) => r.key), second._links.next]).toEqual([["c"], undefined]);
  });

  test("value over the limit on POST and PUT: the configured status; read-only: 403", () => {
    const b = createPropertyBackend({ valueBytes: 10, tooLargeStatus: 413, readOnly: ["spaces/1"] });
    expect(post(b, { key: "k", value: "x".repeat(20) }).status).toBe(413);
    const { id } = json(post(b, { key: "k", value: 1 }));
    expect(b.handle({ method: "PUT", url: `${page}/${id}`, body: JSON.stringify({ key: "k", value: "x".repeat(20), version: { number: 2 } }) }).status).toBe(413);
    expect(post(b, { key: "k", value: 1 }, "/api/v2/spaces/1/properties").status).toBe(403);
  });
});

describe("propertyBackend as the product's AP.request", () => {
  test("resolves { body, xhr } for 2xx and rejects { err, xhr } otherwise, with plain-data xhr", async () => {
    const b = createPropertyBackend({ entities: ["issue/ABC-1"] });
    const request = b.request as (o: Record<string, unknown>) => Promise<any>;
    const ok = await request({ url: "/rest/api/3/issue/ABC-1/properties/k", type: "PUT", data: "1", contentType: "application/json" });
    expect(ok).toEqual({ body: "", xhr: { status: 201, statusText: "Created", responseText: "", headers: {} } });
    await expect(request({ url: "/rest/api/3/issue/X-1/properties/k" })).rejects.toMatchObject({ err: "Not Found", xhr: { status: 404, headers: { "content-type": expect.any(String) } } });
    expect(b.request.returnsPromise).toBe(true);
  });

  test("anything else is a 404 'no REST resource' (Confluence paths with /wiki included are wrong through AP.request)", () => {
    const b = createPropertyBackend();
    const r = (req: PropertyRequest) => b.handle(req).status;
    expect(r({ url: "/wiki/api/v2/pages/1/properties" })).toBe(404);
    expect(r({ url: "/rest/api/3/myself" })).toBe(404);
    expect(b.stats.requests).toBe(2);
  });
});
