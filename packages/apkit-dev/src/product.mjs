// The in-memory product of the dev host: a small Jira and Confluence (users, projects, issues, spaces, content) and
// their property REST, answered the way the products answer it. The property REST is apkit/testing's
// createPropertyBackend, the one apkit's mocks run on, so the host and the mocks follow the same rules (201 vs 200,
// 404 shapes, size limit, Confluence versions and 409s).
//
// Both platforms reach it: the host page sends each AP.request (Connect) and requestJira/requestConfluence (Forge)
// here, and app backends call it over HTTP with a JWT signed with their shared secret (createDevHost).
// Its data is a plain JSON document (`snapshot()`), seeded from a file and kept in a file when asked (persist.mjs).
import { STATUS_CODES } from "node:http";
import { createPropertyBackend } from "apkit/testing";
import { DevHostError } from "./errors.mjs";

/** Collections of the product document, and the fields each entry needs. */
const COLLECTIONS = {
  users: ["accountId", "displayName"],
  projects: ["id", "key", "name"],
  issues: ["id", "key", "fields"],
  spaces: ["id", "key", "name"],
  content: ["id", "type", "title", "spaceId"],
};

/**
 * Checks a product document (a seed, a state file, an edit from the page) and returns a normalised copy. Throws
 * ERR_DEV_BAD_PRODUCT naming the first problem: nothing of a bad document is applied.
 * @param {unknown} doc
 * @param {string} where what the document is, for the message
 */
export function checkProductDocument(doc, where) {
  const bad = (message) => new DevHostError("ERR_DEV_BAD_PRODUCT", `${where}: ${message}`);
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw bad("must be a JSON object");
  const out = {};
  for (const [name, fields] of Object.entries(COLLECTIONS)) {
    const list = doc[name] ?? [];
    if (!Array.isArray(list)) throw bad(`"${name}" must be an array`);
    const seen = new Set();
    out[name] = list.map((entry, i) => {
      if (!entry || typeof entry !== "object") throw bad(`${name}[${i}] must be an object`);
      for (const f of fields) if (entry[f] === undefined || entry[f] === null) throw bad(`${name}[${i}] has no "${f}"`);
      const id = String(entry[fields[0]]);
      if (seen.has(id)) throw bad(`${name}[${i}]: ${fields[0]} ${id} appears twice`);
      seen.add(id);
      return structuredClone(entry);
    });
  }
  for (const issue of out.issues) {
    if (typeof issue.fields !== "object") throw bad(`issue ${issue.key}: "fields" must be an object`);
    if (!projectOfKey(out.projects, issue.key)) throw bad(`issue ${issue.key}: no project with key ${String(issue.key).split("-")[0]}`);
  }
  for (const c of out.content) {
    if (c.type !== "page" && c.type !== "blogpost") throw bad(`content ${c.id}: type must be "page" or "blogpost"`);
    if (!out.spaces.some((s) => String(s.id) === String(c.spaceId))) throw bad(`content ${c.id}: no space with id ${c.spaceId}`);
  }
  if (!out.users.length) throw bad("needs at least one user (the one viewing the pages)");
  out.myself = doc.myself ?? out.users[0].accountId;
  if (!out.users.some((u) => u.accountId === out.myself)) throw bad(`"myself" ${out.myself} is not one of the users`);
  out.entities = doc.entities ?? [];
  if (!Array.isArray(out.entities) || out.entities.some((e) => typeof e !== "string")) throw bad(`"entities" must be an array of entity names`);
  out.properties = doc.properties ?? {};
  if (typeof out.properties !== "object" || Array.isArray(out.properties)) throw bad(`"properties" must be an object: entity -> key -> { value }`);
  for (const [entity, keys] of Object.entries(out.properties)) {
    if (!keys || typeof keys !== "object") throw bad(`properties of ${entity} must be an object: key -> { value }`);
    for (const [key, stored] of Object.entries(keys)) {
      if (!stored || typeof stored !== "object" || !("value" in stored)) throw bad(`property ${entity} ${key} must be { "value": ... }`);
    }
  }
  out.properties = structuredClone(out.properties);
  return out;
}

function projectOfKey(projects, issueKey) {
  const prefix = String(issueKey).split("-")[0];
  return projects.find((p) => p.key === prefix);
}

/**
 * The product: `handle(request)` answers one REST call, `snapshot()` is its data as a JSON document,
 * `replace(doc)` swaps it (checked first). `onChange(fn)` hears every change (a write through REST or a replace).
 * @param {object} doc a checked product document (checkProductDocument)
 * @param {{ isApp?: (key: string) => boolean }} [options] which app keys exist (app properties)
 */
export function createProduct(doc, options = {}) {
  let state;
  let backend;
  const listeners = new Set();
  const changed = (why) => {
    for (const fn of listeners) fn(why);
  };

  const byIdOrKey = (list, idOrKey) => list.find((e) => String(e.key) === idOrKey || String(e.id) === idOrKey);
  const issue = (idOrKey) => byIdOrKey(state.issues, idOrKey);
  const project = (idOrKey) => byIdOrKey(state.projects, idOrKey);
  const user = (accountId) => state.users.find((u) => u.accountId === accountId);

  // Property entities by their REST name; an issue's id and key (and a project's) are one entity, stored by key.
  const entityOf = (name) => {
    let m;
    if ((m = /^issue\/([^/]+)(\/.*)?$/.exec(name))) {
      const found = issue(m[1]);
      if (!found) return false;
      const canonical = `issue/${found.key}${m[2] ?? ""}`;
      return m[2] === undefined || state.entities.includes(canonical) ? canonical : false;
    }
    if ((m = /^project\/([^/]+)$/.exec(name))) return project(m[1]) ? `project/${project(m[1]).key}` : false;
    if ((m = /^user\/(.+)$/.exec(name))) return !!user(m[1]);
    if ((m = /^addons\/(.+)$/.exec(name))) return !!options.isApp?.(m[1]) || state.entities.includes(name);
    if ((m = /^(pages|blogposts)\/([^/]+)$/.exec(name))) return state.content.some((c) => String(c.id) === m[2] && c.type === (m[1] === "pages" ? "page" : "blogpost"));
    if ((m = /^spaces\/([^/]+)$/.exec(name))) return state.spaces.some((s) => String(s.id) === m[1]);
    return state.entities.includes(name);
  };

  function load(next) {
    state = next;
    backend = createPropertyBackend({ entities: entityOf });
    for (const [entity, keys] of Object.entries(next.properties)) {
      for (const [key, stored] of Object.entries(keys)) {
        if (stored.version === undefined) {
          if (!backend.data.has(entity)) backend.data.set(entity, new Map());
          backend.data.get(entity).set(key, { value: structuredClone(stored.value) });
          continue;
        }
        // A Confluence property: created through the backend, so that it numbers the ids (a new backend starts
        // counting at 1; ids copied in would collide with the next ones it gives). Its version is then restored.
        const created = backend.handle({ method: "POST", url: `/api/v2/${entity}/properties`, body: JSON.stringify({ key, value: stored.value }) });
        if (created.status !== 200) throw new DevHostError("ERR_DEV_BAD_PRODUCT", `property ${entity} ${key}: ${created.body}`);
        backend.data.get(entity).get(key).version = Number(stored.version) || 1;
      }
    }
    backend.stats.requests = 0;
    delete state.properties;
  }
  load(structuredClone(doc));

  function snapshot() {
    const properties = {};
    for (const [entity, keys] of backend.data) {
      if (!keys.size) continue;
      properties[entity] = Object.fromEntries([...keys].map(([k, v]) => [k, structuredClone(v)]));
    }
    return structuredClone({ ...state, properties });
  }

  // ---- REST ------------------------------------------------------------------------------------------------------
  let requestId = 0;
  const reply = (status, body, headers = {}) => {
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    const h = { "x-arequestid": `apkit-dev-${++requestId}`, ...headers };
    if (text && !h["content-type"]) h["content-type"] = "application/json;charset=UTF-8";
    return { status, statusText: STATUS_CODES[status] ?? "", headers: h, body: text };
  };
  const jiraError = (status, message) => reply(status, { errorMessages: [message], errors: {} });
  const noIssue = () => jiraError(404, "Issue does not exist or you do not have permission to see it.");
  const parse = (text) => {
    try {
      return typeof text === "string" && text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  };

  const issueJson = (i) => {
    const p = projectOfKey(state.projects, i.key);
    return { id: String(i.id), key: i.key, self: `/rest/api/3/issue/${i.id}`, fields: { ...i.fields, project: { id: String(p.id), key: p.key, name: p.name } } };
  };
  const projectJson = (p) => ({ id: String(p.id), key: p.key, name: p.name, projectTypeKey: p.projectTypeKey ?? "software", self: `/rest/api/3/project/${p.id}` });
  const spaceOf = (c) => state.spaces.find((s) => String(s.id) === String(c.spaceId));
  const contentById = (id, type) => state.content.find((c) => String(c.id) === id && (!type || c.type === type));

  /** [method, path pattern, answer(match, request, url)], Jira paths then Confluence paths (without /wiki). */
  const routes = [
    ["GET", /^\/rest\/api\/[23]\/myself$/, () => reply(200, user(state.myself))],
    ["GET", /^\/rest\/api\/[23]\/user$/, (m, req, url) => {
      const found = user(url.searchParams.get("accountId") ?? "");
      return found ? reply(200, found) : jiraError(404, "The user does not exist.");
    }],
    ["GET", /^\/rest\/api\/[23]\/issue\/([^/]+)$/, (m) => (issue(decodeURIComponent(m[1])) ? reply(200, issueJson(issue(decodeURIComponent(m[1])))) : noIssue())],
    ["PUT", /^\/rest\/api\/[23]\/issue\/([^/]+)$/, (m, req) => {
      const found = issue(decodeURIComponent(m[1]));
      if (!found) return noIssue();
      const body = parse(req.body);
      if (!body || typeof body.fields !== "object") return reply(400, { errorMessages: ["Give the fields to change: { \"fields\": { ... } }"], errors: {} });
      const { project: _ignored, ...fields } = body.fields;
      Object.assign(found.fields, fields);
      changed(`issue ${found.key} edited`);
      return reply(204);
    }],
    ["POST", /^\/rest\/api\/[23]\/issue$/, (m, req) => {
      const body = parse(req.body) ?? {};
      const fields = { ...(body.fields ?? {}) };
      const wanted = fields.project?.key ?? fields.project?.id;
      const p = wanted === undefined ? state.projects[0] : project(String(wanted));
      if (!p) return reply(400, { errorMessages: [], errors: { project: "Specify a valid project ID or key" } });
      delete fields.project;
      const id = String(1 + Math.max(10000, ...state.issues.map((i) => Number(i.id) || 0)));
      const n = 1 + Math.max(0, ...state.issues.filter((i) => i.key.startsWith(`${p.key}-`)).map((i) => Number(i.key.split("-")[1]) || 0));
      const created = { id, key: `${p.key}-${n}`, fields };
      state.issues.push(created);
      changed(`issue ${created.key} created`);
      const self = `/rest/api/3/issue/${id}`;
      return reply(201, { id, key: created.key, self }, { location: self });
    }],
    ["GET", /^\/rest\/api\/[23]\/project$/, () => reply(200, state.projects.map(projectJson))],
    ["GET", /^\/rest\/api\/[23]\/project\/([^/]+)$/, (m) => {
      const p = project(decodeURIComponent(m[1]));
      return p ? reply(200, projectJson(p)) : jiraError(404, "No project could be found.");
    }],
    // Confluence (paths as AP.request sends them, relative to /wiki).
    ["GET", /^\/rest\/api\/user\/current$/, () => {
      const me = user(state.myself);
      return reply(200, { type: "known", accountId: me.accountId, accountType: "atlassian", email: me.emailAddress, publicName: me.displayName, displayName: me.displayName });
    }],
    ["GET", /^\/rest\/api\/content\/([^/]+)$/, (m, req, url) => {
      const c = contentById(decodeURIComponent(m[1]));
      if (!c) return reply(404, { statusCode: 404, message: `No content found with id: ${m[1]}` });
      const s = spaceOf(c);
      const expand = (url.searchParams.get("expand") ?? "").split(",");
      return reply(200, {
        id: String(c.id),
        type: c.type,
        status: "current",
        title: c.title,
        space: { id: Number(s.id), key: s.key, name: s.name },
        version: { number: c.version ?? 1 },
        ...(expand.includes("body.storage") ? { body: { storage: { value: c.body ?? "", representation: "storage" } } } : {}),
      });
    }],
    ["GET", /^\/api\/v2\/(pages|blogposts)\/([^/]+)$/, (m, req, url) => {
      const c = contentById(decodeURIComponent(m[2]), m[1] === "pages" ? "page" : "blogpost");
      if (!c) return reply(404, { errors: [{ status: 404, code: "NOT_FOUND", title: "Not Found", detail: null }] });
      return reply(200, {
        id: String(c.id),
        status: "current",
        title: c.title,
        spaceId: String(c.spaceId),
        version: { number: c.version ?? 1 },
        ...(url.searchParams.get("body-format") === "storage" ? { body: { storage: { value: c.body ?? "", representation: "storage" } } } : {}),
      });
    }],
    ["GET", /^\/api\/v2\/spaces\/([^/]+)$/, (m) => {
      const s = state.spaces.find((x) => String(x.id) === decodeURIComponent(m[1]));
      return s ? reply(200, { id: String(s.id), key: s.key, name: s.name, type: "global", status: "current" }) : reply(404, { errors: [{ status: 404, code: "NOT_FOUND", title: "Not Found", detail: null }] });
    }],
    ["GET", /^\/rest\/api\/space\/([^/]+)$/, (m) => {
      const s = state.spaces.find((x) => x.key === decodeURIComponent(m[1]));
      return s ? reply(200, { id: Number(s.id), key: s.key, name: s.name, type: "global" }) : reply(404, { statusCode: 404, message: `No space with key : ${m[1]}` });
    }],
  ];
  const PROPERTIES = /\/properties(\/|$)/;

  /**
   * Answers one REST call: `{ method, url, body }` (url: path and query, Confluence paths with or without /wiki).
   * Resolves `{ status, statusText, headers, body }` (body: text).
   */
  function handle(request) {
    const method = String(request.method ?? "GET").toUpperCase();
    const url = new URL(String(request.url ?? "/"), "http://product.invalid");
    const path = url.pathname.replace(/^\/wiki(?=\/)/, "");
    if (PROPERTIES.test(path)) {
      const r = backend.handle({ method, url: path + url.search, body: typeof request.body === "string" ? request.body : undefined });
      if (method !== "GET" && r.status < 300) changed(`property ${method} ${path}`);
      const headers = { "x-arequestid": `apkit-dev-${++requestId}`, ...r.headers };
      return { status: r.status, statusText: STATUS_CODES[r.status] ?? "", headers, body: r.body };
    }
    let pathMatched = false;
    for (const [m, pattern, answer] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (m === method) return answer(match, request, url);
    }
    return pathMatched ? jiraError(405, `Method ${method} is not allowed here.`) : jiraError(404, `No REST resource at ${path}`);
  }

  return {
    handle,
    snapshot,
    /** Replaces the whole document (checked first: a bad document changes nothing). */
    replace(next, where = "the product document") {
      load(checkProductDocument(next, where));
      changed("replaced");
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** The user viewing the pages. */
    get myself() {
      return structuredClone(user(state.myself));
    },
    get users() {
      return structuredClone(state.users);
    },
    get projects() {
      return structuredClone(state.projects);
    },
    get issues() {
      return state.issues.map((i) => issueJson(i));
    },
    get spaces() {
      return structuredClone(state.spaces);
    },
    get content() {
      return structuredClone(state.content);
    },
    /** The stored properties: entity name -> key -> { value, id?, version? } (apkit/testing's property backend). */
    get properties() {
      return backend.data;
    },
    /** The property backend's counters: requests, conflicts (409s). */
    get propertyStats() {
      return backend.stats;
    },
  };
}
