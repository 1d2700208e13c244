// The in-memory product and its data: REST answers, checked documents, the state file across restarts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { checkProductDocument, createProduct } from "../src/product.mjs";
import { openState } from "../src/state.mjs";
import { startDevHost } from "../src/index.mjs";

const SEED = JSON.parse(readFileSync(new URL("../src/seed.json", import.meta.url), "utf8"));
const product = () => createProduct(checkProductDocument(SEED, "the seed"));
const json = (r) => (r.body ? JSON.parse(r.body) : undefined);

let dirs = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "apkit-dev-test-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe("the product's REST", () => {
  test("Jira: myself, issues by key and id, create, edit, projects; a missing issue and a wrong method", () => {
    const p = product();
    expect(json(p.handle({ url: "/rest/api/3/myself" }))).toMatchObject({ accountId: "557058:apkit-dev-user", displayName: "Dev User" });
    const byKey = json(p.handle({ url: "/rest/api/3/issue/ABC-1" }));
    expect(byKey).toMatchObject({ id: "10001", key: "ABC-1", fields: { summary: "First issue", project: { key: "ABC" } } });
    expect(json(p.handle({ url: "/rest/api/2/issue/10001" }))).toEqual(byKey);
    const created = p.handle({ method: "POST", url: "/rest/api/3/issue", body: JSON.stringify({ fields: { summary: "new", project: { key: "ABC" } } }) });
    expect([created.status, json(created).key, created.headers.location]).toEqual([201, "ABC-3", "/rest/api/3/issue/10003"]);
    expect(p.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-3", body: JSON.stringify({ fields: { summary: "renamed" } }) }).status).toBe(204);
    expect(p.issues.find((i) => i.key === "ABC-3").fields.summary).toBe("renamed");
    expect(json(p.handle({ url: "/rest/api/3/project" })).map((x) => x.key)).toEqual(["ABC"]);
    const missing = p.handle({ url: "/rest/api/3/issue/NOPE-1" });
    expect([missing.status, json(missing).errorMessages[0]]).toEqual([404, "Issue does not exist or you do not have permission to see it."]);
    expect(p.handle({ method: "DELETE", url: "/rest/api/3/myself" }).status).toBe(405);
    expect(p.handle({ url: "/rest/api/3/nothing" }).status).toBe(404);
  });

  test("Confluence: content v1 and v2 with and without /wiki, spaces; a page's properties with versions", () => {
    const p = product();
    expect(json(p.handle({ url: "/rest/api/content/98001?expand=body.storage" }))).toMatchObject({ id: "98001", type: "page", space: { key: "DEV" }, body: { storage: { value: expect.stringContaining("<p>") } } });
    expect(json(p.handle({ url: "/wiki/api/v2/pages/98001" }))).toMatchObject({ id: "98001", spaceId: "42", version: { number: 1 } });
    expect(p.handle({ url: "/api/v2/blogposts/98001" }).status).toBe(404); // a page, not a blog post
    expect(json(p.handle({ url: "/api/v2/spaces/42" }))).toMatchObject({ key: "DEV" });
    const made = p.handle({ method: "POST", url: "/api/v2/pages/98001/properties", body: JSON.stringify({ key: "k", value: { n: 1 } }) });
    expect(made.status).toBe(200);
    const { id } = json(made);
    expect(p.handle({ method: "PUT", url: `/api/v2/pages/98001/properties/${id}`, body: JSON.stringify({ key: "k", value: { n: 2 }, version: { number: 1 } }) }).status).toBe(409);
    expect(p.handle({ method: "PUT", url: `/wiki/api/v2/pages/98001/properties/${id}`, body: JSON.stringify({ key: "k", value: { n: 2 }, version: { number: 2 } }) }).status).toBe(200);
    expect(p.properties.get("pages/98001").get("k")).toMatchObject({ value: { n: 2 }, version: 2 });
    expect(p.propertyStats.conflicts).toBe(1);
  });

  test("entity properties: an issue's id and key are one entity; app properties exist for installed apps only", () => {
    const installed = new Set(["my-app"]);
    const p = createProduct(checkProductDocument(SEED, "the seed"), { isApp: (key) => installed.has(key) });
    expect(p.handle({ method: "PUT", url: "/rest/api/3/issue/10001/properties/x", body: "[1]" }).status).toBe(201);
    expect(json(p.handle({ url: "/rest/api/3/issue/ABC-1/properties/x" }))).toMatchObject({ value: [1] });
    expect(p.properties.get("issue/ABC-1").get("x")).toEqual({ value: [1] });
    expect(p.handle({ method: "PUT", url: "/rest/atlassian-connect/1/addons/my-app/properties/a", body: "true" }).status).toBe(201);
    expect(p.handle({ method: "PUT", url: "/rest/atlassian-connect/1/addons/other-app/properties/a", body: "true" }).status).toBe(404);
    expect(p.handle({ method: "PUT", url: "/rest/api/3/comment/1/properties/a", body: "true" }).status).toBe(404); // not in "entities"
  });

  test("every change is announced", () => {
    const p = product();
    const heard = [];
    p.onChange((why) => heard.push(why));
    p.handle({ url: "/rest/api/3/issue/ABC-1" });
    p.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/x", body: "1" });
    p.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/y", body: "not json" });
    expect(heard).toEqual(["property PUT /rest/api/3/issue/ABC-1/properties/x"]);
  });
});

describe("product documents", () => {
  test.each([
    [[], "must be a JSON object"],
    [{ ...SEED, users: [] }, "needs at least one user"],
    [{ ...SEED, issues: [{ id: "1", key: "XYZ-1", fields: {} }] }, "no project with key XYZ"],
    [{ ...SEED, issues: [SEED.issues[0], SEED.issues[0]] }, "appears twice"],
    [{ ...SEED, myself: "557058:nobody" }, "is not one of the users"],
    [{ ...SEED, content: [{ id: "1", type: "page", title: "t", spaceId: "999" }] }, "no space with id 999"],
    [{ ...SEED, properties: { "issue/ABC-1": { k: 1 } } }, 'must be { "value": ... }'],
  ])("refused with ERR_DEV_BAD_PRODUCT: %j", (doc, message) => {
    expect(() => checkProductDocument(doc, "the test")).toThrow(expect.objectContaining({ code: "ERR_DEV_BAD_PRODUCT", message: expect.stringContaining(message) }));
  });

  test("replace() with a bad document changes nothing", () => {
    const p = product();
    const before = p.snapshot();
    expect(() => p.replace({ ...before, issues: [{ id: "1" }] })).toThrow(expect.objectContaining({ code: "ERR_DEV_BAD_PRODUCT" }));
    expect(p.snapshot()).toEqual(before);
  });
});

describe("the state file", () => {
  test("keeps the product and the site across restarts; a Confluence property keeps its version and gets a fresh id", async () => {
    const dir = tempDir();
    const state = join(dir, "state.json");
    const first = await startDevHost({ state });
    first.product.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/kept", body: '{"a":1}' });
    const made = JSON.parse(first.product.handle({ method: "POST", url: "/api/v2/pages/98001/properties", body: JSON.stringify({ key: "c", value: 1 }) }).body);
    first.product.handle({ method: "PUT", url: `/api/v2/pages/98001/properties/${made.id}`, body: JSON.stringify({ key: "c", value: 2, version: { number: 2 } }) });
    first.product.handle({ method: "POST", url: "/rest/api/3/issue", body: JSON.stringify({ fields: { summary: "made before the restart" } }) });
    const clientKey = first.site.clientKey;
    await first.close();

    const saved = JSON.parse(readFileSync(state, "utf8"));
    expect(saved).toMatchObject({ apkitDev: 1, site: { clientKey } });
    expect(JSON.stringify(saved)).not.toMatch(/sharedSecret/); // secrets are made per run, never stored

    const second = await startDevHost({ state, seed: { users: [{ accountId: "x", displayName: "ignored: the state file wins" }], projects: [], issues: [] } });
    try {
      expect(second.site.clientKey).toBe(clientKey);
      expect(second.product.issues.map((i) => i.key)).toEqual(["ABC-1", "ABC-2", "ABC-3"]);
      expect(second.product.properties.get("issue/ABC-1").get("kept")).toEqual({ value: { a: 1 } });
      expect(second.product.properties.get("pages/98001").get("c")).toMatchObject({ value: 2, version: 2 });
      // The next property of the restarted product does not take an id already used.
      const next = JSON.parse(second.product.handle({ method: "POST", url: "/api/v2/pages/98001/properties", body: JSON.stringify({ key: "d", value: 0 }) }).body);
      expect(next.id).not.toBe(second.product.properties.get("pages/98001").get("c").id);
    } finally {
      await second.close();
    }
  });

  test("a file that is not apkit-dev's is refused (ERR_DEV_STATE) and left as it is", () => {
    const file = join(tempDir(), "other.json");
    writeFileSync(file, '{"something":"else"}');
    expect(() => openState({ statePath: file })).toThrow(expect.objectContaining({ code: "ERR_DEV_STATE" }));
    expect(readFileSync(file, "utf8")).toBe('{"something":"else"}');
  });

  test("a seed file that is not JSON: ERR_DEV_SEED", () => {
    const file = join(tempDir(), "seed.json");
    writeFileSync(file, "{ nope");
    expect(() => openState({ seed: file })).toThrow(expect.objectContaining({ code: "ERR_DEV_SEED" }));
  });
});
