// The product's REST for entity, app and content properties in the local host's in-memory store.
// Loaded after product.js; adds routes to window.harness.routes. Plain browser JS.
//
// product.js already answers issue properties (ABC-1, ABC-2). This file adds, with the same product rules as
// apkit/testing's createPropertyBackend (a small hand-written copy: host.html loads classic scripts only, and the
// testing bundle imports the bare "apkit" specifier, which a page without an import map cannot resolve):
// - Jira entity properties of a few more entities (project, user, comment, issue type, worklog, dashboard item,
//   board, sprint): 201/200 on PUT, 204 on DELETE, 404 for a missing key or entity, key <= 255, value <= 32768 bytes;
// - app properties of the harness app: ?jsonValue=true, key <= 127, at most 100 keys;
// - Confluence REST v2 properties of page 98001, blog post 98002 and space 42: ?key= lookup (missing key: 200 with
//   no results), POST create (existing key: 409), PUT by property id with version.number = current + 1 (else 409),
//   cursor pages of 25 with a site-relative _links.next under /wiki.
(function () {
  "use strict";
  var harness = window.harness;
  var reply = harness.reply;
  var LIMIT = 32768;
  var stats = (harness.propertyStats = { conflicts: 0 });
  var nextId = 1;

  // Entity name (as in the REST path) -> canonical name; several names may point at one entity.
  var jiraEntities = {
    "project/ABC": "project/ABC",
    "project/10000": "project/ABC",
    "user/557058:harness-user": "user/557058:harness-user",
    "comment/10100": "comment/10100",
    "issuetype/10001": "issuetype/10001",
    "issue/ABC-1/worklog/10200": "issue/ABC-1/worklog/10200",
    "issue/10001/worklog/10200": "issue/ABC-1/worklog/10200",
    "dashboard/10000/items/1": "dashboard/10000/items/1",
    "board/1": "board/1",
    "sprint/1": "sprint/1",
  };
  var confluenceEntities = { "pages/98001": true, "blogposts/98002": true, "spaces/42": true };
  var store = (harness.state.properties = {});

  function bag(name) {
    return store[name] || (store[name] = {});
  }
  function query(req) {
    return new URL(String(req.url), "http://product.invalid").searchParams;
  }
  function bytes(text) {
    return new TextEncoder().encode(text).length;
  }
  function parse(text) {
    if (typeof text !== "string" || text.trim() === "") return { ok: false };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      return { ok: false };
    }
  }

  // ---- Jira entity properties and app properties: by key, no versions -----------------------------------------
  function keyed(app, name, key, method, req) {
    var fail = function (status, message) {
      return reply(status, app ? { message: message, statusCode: status } : { errorMessages: [message], errors: {} });
    };
    if (!name) return fail(404, app ? "Add-on not found or access denied." : "The entity does not exist or you do not have permission to see it.");
    var props = bag(name);
    if (key === undefined) {
      return reply(200, { keys: Object.keys(props).map(function (k) { return { key: k, self: String(req.url).split("?")[0] + "/" + encodeURIComponent(k) }; }) });
    }
    var has = Object.prototype.hasOwnProperty.call(props, key);
    if (method === "GET") {
      if (!has) return fail(404, "The property with key '" + key + "' does not exist.");
      var asString = app && query(req).get("jsonValue") !== "true";
      return reply(200, { key: key, value: asString ? JSON.stringify(props[key]) : props[key] });
    }
    if (method === "DELETE") {
      if (!has) return fail(404, "The property with key '" + key + "' does not exist.");
      delete props[key];
      return reply(204, undefined);
    }
    var max = app ? 127 : 255;
    if (key.length > max) return fail(400, "The property key cannot be longer than " + max + " characters.");
    var value = parse(req.data);
    if (!value.ok) return fail(400, "The property value must be valid, non-empty JSON.");
    if (bytes(req.data) > LIMIT) return fail(400, "The property value is too long. The maximum length is " + LIMIT + ".");
    if (app && !has && Object.keys(props).length >= 100) return fail(400, "The app has reached the maximum number of properties (100).");
    props[key] = value.value;
    var status = has ? 200 : 201;
    return app ? reply(status, { message: has ? "Property updated." : "Property created.", statusCode: status }) : reply(status, undefined);
  }

  var JIRA = /^\/rest\/(?:api\/3|agile\/1\.0)\/(.+?)\/properties(?:\/([^/]+))?$/;
  var APP = /^\/rest\/atlassian-connect\/1\/addons\/([^/]+)\/properties(?:\/([^/]+))?$/;
  function jira(method) {
    return function (m, req) {
      var name = m[1].split("/").map(decodeURIComponent).join("/");
      if (name === "user") name += "/" + (query(req).get("accountId") || "");
      return keyed(false, jiraEntities[name], m[2] === undefined ? undefined : decodeURIComponent(m[2]), method, req);
    };
  }
  function app(method) {
    return function (m, req) {
      var key = decodeURIComponent(m[1]);
      // The harness app, and apps installed from descriptors (product.js: harness.apps).
      var known = key === harness.addonKey || (harness.apps || []).some(function (a) { return a.key === key; });
      var name = known ? "addons/" + key : undefined;
      return keyed(true, name, m[2] === undefined ? undefined : decodeURIComponent(m[2]), method, req);
    };
  }

  // ---- Confluence REST v2 content and space properties: by key to find, by id with versions to write ----------
  var V2 = /^\/api\/v2\/([a-z-]+)\/([^/]+)\/properties(?:\/([^/]+))?$/;
  function v2fail(status, title) {
    return reply(status, { errors: [{ status: status, code: status === 409 ? "CONFLICT" : status === 404 ? "NOT_FOUND" : "BAD_REQUEST", title: title, detail: null }] });
  }
  function show(key, p) {
    return { id: p.id, key: key, value: p.value, version: { number: p.version, message: "", minorEdit: false } };
  }
  function confluence(method) {
    return function (m, req) {
      var name = m[1] + "/" + decodeURIComponent(m[2]);
      if (!confluenceEntities[name]) return v2fail(404, "Not Found");
      var props = bag(name);
      var body = parse(req.data).value || {};
      var checkValue = function () {
        var text = JSON.stringify(body.value);
        if (text === undefined) return v2fail(400, "A property value is required.");
        if (bytes(text) > LIMIT) return v2fail(400, "The property value is too large.");
        return undefined;
      };
      if (m[3] === undefined && method === "GET") {
        var q = query(req);
        var key = q.get("key");
        var all = Object.keys(props).filter(function (k) { return key === null || k === key; });
        var start = Number(q.get("cursor") ? atob(q.get("cursor")) : 0);
        var links = { base: location.origin + "/wiki" };
        var headers = {};
        if (start + 25 < all.length) {
          links.next = "/wiki" + String(req.url).split("?")[0] + "?cursor=" + btoa(String(start + 25));
          headers.link = "<" + links.next + '>; rel="next"';
        }
        return reply(200, { results: all.slice(start, start + 25).map(function (k) { return show(k, props[k]); }), _links: links }, headers);
      }
      // The collection takes GET and POST; a property id takes GET, PUT and DELETE.
      if (m[3] === undefined ? method !== "GET" && method !== "POST" : method === "POST") return v2fail(405, "Method Not Allowed");
      if (m[3] === undefined) {
        if (typeof body.key !== "string" || !body.key || body.key.length > 255) return v2fail(400, "A property key of 1 to 255 characters is required.");
        var bad = checkValue();
        if (bad) return bad;
        if (props[body.key]) {
          stats.conflicts++;
          return v2fail(409, "A property with key '" + body.key + "' already exists.");
        }
        props[body.key] = { id: String(nextId++), value: body.value, version: 1 };
        return reply(200, show(body.key, props[body.key]));
      }
      var id = decodeURIComponent(m[3]);
      var found = Object.keys(props).filter(function (k) { return props[k].id === id; })[0];
      if (found === undefined) return v2fail(404, "Not Found");
      var p = props[found];
      if (method === "GET") return reply(200, show(found, p));
      if (method === "DELETE") {
        delete props[found];
        return reply(204, undefined);
      }
      if (body.key !== found) return v2fail(400, "The property key must match the property.");
      var invalid = checkValue();
      if (invalid) return invalid;
      if (!body.version || body.version.number !== p.version + 1) {
        stats.conflicts++;
        return v2fail(409, "Version must be incremented on update. Current version is: " + p.version);
      }
      p.value = body.value;
      p.version++;
      return reply(200, show(found, p));
    };
  }

  harness.routes.push(
    ["GET", APP, app("GET")],
    ["PUT", APP, app("PUT")],
    ["DELETE", APP, app("DELETE")],
    ["GET", V2, confluence("GET")],
    ["POST", V2, confluence("POST")],
    ["PUT", V2, confluence("PUT")],
    ["DELETE", V2, confluence("DELETE")],
    // After product.js's issue routes, which answer issue properties themselves.
    ["GET", JIRA, jira("GET")],
    ["PUT", JIRA, jira("PUT")],
    ["DELETE", JIRA, jira("DELETE")],
  );
})();
