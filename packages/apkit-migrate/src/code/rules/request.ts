/**
 * `AP.request`, in its forms: `AP.request(url, options)` and `AP.request({ url, ...options })`, with `success` /
 * `error` callbacks or as a promise of `{ body, xhr }`.
 *
 * What the raw call does (Atlassian's CDN all.js, whose request plugin keeps the callbacks in the iframe): `success`
 * gets the response text for a 2xx status, `error(xhr, statusText, errorThrown)` the rest; the promise resolves
 * `{ body, xhr }` and rejects `{ err, xhr }`. The rewrite keeps that:
 *
 * - a `success` that parses its text (`JSON.parse(data)`) → `requestJson(url, init).then(success, error)`;
 * - any other `success` → `request(url, init).then((response) => (response.ok ? response.text() :
 *   Promise.reject(response))).then(success, error)`: the same text for 2xx, the `error` callback otherwise;
 * - `error` must read no more of what it gets than `status` / `statusText` (a `Response` and an `HttpError` have
 *   both), or only log it; `success` must not read `statusText` or `xhr`.
 * - the promise form, when its `.then` parses `res.body`, → `requestJson(...)`; discarded, → `request(...)`.
 *
 * `data` is sent only with a `contentType` (without one, the host's jQuery sends it as a form: say what you mean by
 * hand) and never with GET (jQuery makes it a query string there).
 */
import { parentOf, unwrap, WRAPPERS } from "../../shared/analyze.js";
import type { Node } from "../../shared/parse.js";
import { b, thenOf, voided, type Left, type Outcome, type RewriteContext, type Site } from "../context.js";
import { leave } from "./basic.js";
import { asFunctionExpression, functionOf, isConsoleArg, isPropertyRead, jsonParseOf, paramRefs, takeParsed, unread, type Fn } from "./functions.js";

const OPTIONS = new Set(["url", "type", "data", "contentType", "headers", "cache", "experimental", "success", "error"]);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const HEADERS = new Set(["accept", "if-match", "if-none-match", "content-type"]);
const SUGGEST = "request(url, init) (a Response) or requestJson(url, init), by hand";

interface Parsed {
  url: Node;
  props: Map<string, Node>;
}

function keyOf(p: Node): string | undefined {
  if (p.computed) return undefined;
  return p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
}

// The url and the options, or why they cannot be read.
function parse(call: Node): Parsed | Left {
  const args = call.arguments as Node[];
  if (args.length === 0 || args.length > 2 || args.some((a) => a.type === "SpreadElement")) return leave("AP.request with unusual arguments", SUGGEST);
  const first = unwrap(args[0]!);
  let options: Node | undefined;
  let url: Node | undefined;
  if (args.length === 1 && first.type === "ObjectExpression") options = first;
  else if (args.length === 1 && !isText(first)) return leave("AP.request's one argument is built elsewhere: a URL or the options, it cannot tell", SUGGEST);
  else {
    url = args[0];
    if (args[1]) {
      options = unwrap(args[1]);
      if (options.type !== "ObjectExpression") return leave("the request options are built elsewhere, so their callbacks cannot be read", SUGGEST);
    }
  }
  if (!url && first.type !== "ObjectExpression") return leave("the request options are built elsewhere", SUGGEST);
  const props = new Map<string, Node>();
  for (const p of (options?.properties ?? []) as Node[]) {
    if (p.type === "SpreadElement") return leave("the request options spread another object", SUGGEST);
    const key = keyOf(p);
    if (key === undefined) return leave("a request option has a computed name", SUGGEST);
    if (!OPTIONS.has(key)) return leave(`the request option ${key} has no apkit equivalent`, SUGGEST);
    if (p.type === "ObjectMethod") {
      if (key !== "success" && key !== "error") return leave(`the request option ${key} is a method`, SUGGEST);
      props.set(key, p);
    } else props.set(key, p.value);
  }
  if (!url) url = props.get("url");
  if (!url) return leave("AP.request without a url", SUGGEST);
  props.delete("url");
  return { url, props };
}

// A URL written as text: a string, a template, or text joined to values.
function isText(node: Node): boolean {
  return node.type === "StringLiteral" || node.type === "TemplateLiteral" || (node.type === "BinaryExpression" && node.operator === "+" && (isText(unwrap(node.left)) || isText(unwrap(node.right))));
}

// The init object of request()/requestJson(), or why it cannot be made.
function initOf(props: Map<string, Node>, json: boolean): Node[] | Left {
  const out: Node[] = [];
  const prop = (name: string, value: Node) => out.push(b.objectProperty!(b.identifier!(name), value));
  const type = props.get("type");
  let method: string | undefined = "GET";
  if (type) {
    const t = unwrap(type);
    if (t.type === "StringLiteral") {
      method = t.value.toUpperCase();
      if (!METHODS.includes(method!)) return leave(`AP.request type ${t.value} is not an HTTP method apkit sends`, SUGGEST);
      if (method !== "GET") prop("method", b.stringLiteral!(method));
    } else {
      method = undefined;
      prop("method", type);
    }
  }
  const headers = props.get("headers");
  let contentType = props.get("contentType");
  const headerProps: Node[] = [];
  if (headers) {
    const h = unwrap(headers);
    if (h.type !== "ObjectExpression") return leave("the request headers are built elsewhere", SUGGEST);
    for (const p of h.properties as Node[]) {
      const key = p.type === "ObjectProperty" ? keyOf(p) : undefined;
      if (!key || !HEADERS.has(key.toLowerCase())) return leave(`the header ${key ?? "(computed)"} cannot cross the bridge (apkit refuses it; all.js drops it)`, "send only Accept, If-Match, If-None-Match and Content-Type");
      if (key.toLowerCase() === "content-type") contentType = p.value;
      else headerProps.push(p);
    }
  }
  const data = props.get("data");
  let body: Node | undefined;
  if (data) {
    if (method === "GET" || method === "HEAD") return leave("data with a GET request: the host's jQuery makes it a query string", "put the query in the url, then request(url)");
    if (!contentType) return leave("data without a contentType: the host's jQuery sends it form-encoded, apkit sends JSON", "say the content type, then request(url, { method, body, headers })");
    const d = unwrap(data);
    if (d.type === "ObjectExpression" || d.type === "ArrayExpression") return leave("data is an object: the host's jQuery sends it form-encoded, apkit sends JSON", "send JSON.stringify(data) with contentType application/json, or a URLSearchParams");
    if (json) {
      const inner = stringified(d);
      if (!inner || !isJsonType(contentType)) return leave("requestJson sends JSON it makes itself", SUGGEST);
      body = inner;
    } else body = data;
  }
  if (body) prop("body", body);
  const ct = contentType && unwrap(contentType);
  const plainJson = ct && ct.type === "StringLiteral" && /^application\/json\s*(;\s*charset=utf-8)?$/i.test(ct.value);
  if (contentType && !plainJson && !(json && isJsonType(contentType))) headerProps.push(b.objectProperty!(b.stringLiteral!("Content-Type"), contentType));
  if (headerProps.length) prop("headers", b.objectExpression!(headerProps));
  for (const name of ["cache", "experimental"]) {
    const v = props.get(name);
    if (v) prop(name, v);
  }
  return out;
}

function isJsonType(node: Node): boolean {
  const n = unwrap(node);
  return n.type === "StringLiteral" && /^application\/json\b/i.test(n.value);
}

// `JSON.stringify(x)` → x
function stringified(node: Node): Node | undefined {
  if (node.type !== "CallExpression" || node.arguments.length !== 1) return undefined;
  const c = unwrap(node.callee);
  return c.type === "MemberExpression" && !c.computed && c.object.type === "Identifier" && c.object.name === "JSON" && c.property.name === "stringify"
    ? node.arguments[0]
    : undefined;
}

/**
 * Why an `error` callback cannot take what the rewrite gives it, or how much of the xhr it reads: `status` and
 * `statusText` (a `Response` and an `HttpError` have both), or `responseText` too (then the rewrite hands it an
 * object with those three, read from the response).
 */
function errorUse(fn: Fn | undefined, ctx: RewriteContext): { unfit: string } | { reads: "status" | "text" } {
  if (!fn) return { unfit: "the error callback is defined elsewhere: it may read the xhr" };
  if (fn.readsArguments) return { unfit: "the error callback reads arguments" };
  if (!unread(fn, 1, ctx) || !unread(fn, 2, ctx)) return { unfit: "the error callback reads statusText or errorThrown" };
  const refs = paramRefs(fn, 0, ctx);
  if (!refs) return { unfit: "the error callback destructures the xhr" };
  if (refs.some((r) => !isPropertyRead(r, XHR_READS) && !isConsoleArg(r))) return { unfit: "the error callback reads more of the xhr than status, statusText and responseText" };
  return { reads: refs.some((r) => isPropertyRead(r, ["responseText"])) ? "text" : "status" };
}

const XHR_READS = ["status", "statusText", "responseText"];

const isLeft = (x: Node | Left): x is Left => "reason" in x && typeof (x as Left).reason === "string" && !("type" in x);

// When `parse` is the value of the declaration right after the one of `declarator` (both alone in their
// statements): where the first statement stands.
function adjacentDeclarationOf(parse: Node, declarator: Node): { list: Node[]; index: number; parent: Node; key: string } | undefined {
  let value = parse;
  for (let link = parentOf(value); link && WRAPPERS.has(link.node.type); link = parentOf(value)) value = link.node;
  const owner = parentOf(value);
  if (owner?.node.type !== "VariableDeclarator" || owner.key !== "init") return undefined;
  const second = parentOf(owner.node)?.node;
  const first = parentOf(declarator)?.node;
  if (!second || !first || second.declarations.length !== 1 || first.declarations.length !== 1) return undefined;
  const a = parentOf(first);
  const z = parentOf(second);
  if (!a || !z || a.node !== z.node || a.key !== z.key || a.index === undefined || z.index !== a.index + 1) return undefined;
  return { list: a.node[a.key], index: a.index, parent: a.node, key: a.key };
}

// `(res) => JSON.parse(res.body)`
function parsesOnly(fn: Node): boolean {
  const body = fn.body as Node;
  const param = fn.params[0] as Node | undefined;
  if (fn.params.length !== 1 || param?.type !== "Identifier" || body.type === "BlockStatement") return false;
  const arg = body.type === "CallExpression" ? unwrap(body.arguments[0] ?? body) : undefined;
  return (
    !!arg &&
    arg.type === "MemberExpression" &&
    !arg.computed &&
    arg.property.name === "body" &&
    arg.object.type === "Identifier" &&
    arg.object.name === param.name &&
    jsonParseOf(arg) === body
  );
}

/** `AP.request(...)`. */
export function requestRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const parsed = parse(call);
  if ("reason" in parsed) return parsed;
  const { url, props } = parsed;
  const successNode = props.get("success");
  const errorNode = props.get("error");
  if (!successNode && !errorNode) return promiseForm(site, ctx, url, props);

  const goes = ctx.valueGoes(call);
  if (goes === "used") return leave("the value of AP.request is used as well as its callbacks", SUGGEST);
  const inline = (n: Node | undefined) => !!n && ["FunctionExpression", "ArrowFunctionExpression", "ObjectMethod"].includes(unwrap(n).type);
  const success = successNode && functionOf(successNode, ctx);
  const error = errorNode && functionOf(errorNode, ctx);
  if (successNode && !success) return leave("the success callback is defined elsewhere: it may read statusText or the xhr", "pass a function that takes the text, to request(...).then(...)");
  if (success && (success.readsArguments || !unread(success, 1, ctx) || !unread(success, 2, ctx))) return leave("the success callback reads statusText or the xhr", SUGGEST);
  const errorReads = errorNode ? errorUse(error, ctx) : { reads: "status" as const };
  if ("unfit" in errorReads) return leave(errorReads.unfit, "request(url, init) gives a Response: read its status and text()");
  const textRefs = success ? paramRefs(success, 0, ctx) : [];
  // requestJson's HttpError carries the body parsed, not its text: an error callback that reads the text gets it
  // from the text form.
  const parses = errorReads.reads === "status" && !!success && inline(successNode) && !!textRefs?.length && textRefs.every((r) => jsonParseOf(r));
  return ctx.transaction(() => {
    const init = initOf(props, parses);
    if (!Array.isArray(init)) return init;
    const args = init.length ? [url, b.objectExpression!(init)] : [url];
    const onSuccess = successNode ? asFunctionExpression(unwrap(successNode)) : undefined;
    const onError = errorNode ? asFunctionExpression(unwrap(errorNode)) : undefined;
    let expr: Node;
    if (parses) {
      if (!takeParsed(success!, 0, "direct", ctx)) return leave("the success callback's JSON.parse cannot be moved", SUGGEST);
      const base = b.callExpression!(ctx.apkit("requestJson"), args);
      expr = onSuccess ? thenOf(base, ...(onError ? [onSuccess, onError] : [onSuccess])) : b.callExpression!(b.memberExpression!(base, b.identifier!("catch")), [onError!]);
    } else {
      const id = (name: string) => b.identifier!(name);
      const member = (object: string, name: string) => b.memberExpression!(id(object), id(name));
      const text = b.callExpression!(member("response", "text"), []);
      // Not ok: the error callback gets the response (its status, statusText), or, when it reads responseText, the
      // three the xhr had.
      const failed =
        errorReads.reads === "text"
          ? thenOf(b.callExpression!(member("response", "text"), []), b.arrowFunctionExpression!([id("responseText")], b.callExpression!(member("Promise", "reject"), [
              b.objectExpression!([
                b.objectProperty!(id("status"), member("response", "status")),
                b.objectProperty!(id("statusText"), member("response", "statusText")),
                Object.assign(b.objectProperty!(id("responseText"), id("responseText")), { shorthand: true }),
              ]),
            ])))
          : b.callExpression!(member("Promise", "reject"), [id("response")]);
      const toText = b.arrowFunctionExpression!([id("response")], b.conditionalExpression!(member("response", "ok"), text, failed));
      const answered = thenOf(b.callExpression!(ctx.apkit("request"), args), toText);
      expr = onSuccess ? thenOf(answered, ...(onError ? [onSuccess, onError] : [onSuccess])) : b.callExpression!(b.memberExpression!(answered, b.identifier!("catch")), [onError!]);
    }
    ctx.replace(call, goes === "effect" ? voided(expr) : expr);
    return { rewritten: 1 };
  });
}

// `AP.request(url, { type, data })` with no callbacks: a promise of `{ body, xhr }`.
function promiseForm(site: Site, ctx: RewriteContext, url: Node, props: Map<string, Node>): Outcome {
  const call = site.chain.call!;
  const goes = ctx.valueGoes(call);
  const make = (json: boolean): Node | Left => {
    const init = initOf(props, json);
    if (!Array.isArray(init)) return init;
    return b.callExpression!(ctx.apkit(json ? "requestJson" : "request"), init.length ? [url, b.objectExpression!(init)] : [url]);
  };
  if (goes !== "used") {
    return ctx.transaction(() => {
      const made = make(false);
      if (isLeft(made)) return made;
      ctx.replace(call, goes === "effect" ? voided(made) : made);
      return { rewritten: 1 };
    });
  }
  const link = parentOf(call);
  // `AP.request(url).then((res) => ... JSON.parse(res.body) ...)`
  if (link?.key === "object" && link.node.type === "MemberExpression" && !link.node.computed && link.node.property.name === "then") {
    const thenCall = parentOf(link.node);
    if (thenCall?.key === "callee") {
      const [onOk, onFail] = thenCall.node.arguments as Node[];
      const ok = onOk && functionOf(onOk, ctx);
      const inline = onOk && ["FunctionExpression", "ArrowFunctionExpression"].includes(unwrap(onOk).type);
      if (!ok || !inline) return leave("its answer ({ body, xhr }) goes to a function defined elsewhere", SUGGEST);
      if (onFail) {
        // The raw promise rejects with { err, xhr }, requestJson with an HttpError: only a handler that reads nothing
        // of it (or logs it) sees no difference.
        const fail = functionOf(onFail, ctx);
        const refs = fail && !fail.readsArguments ? paramRefs(fail, 0, ctx) : undefined;
        if (!refs || !refs.every(isConsoleArg) || !unread(fail!, 1, ctx)) return leave("the rejection handler reads { err, xhr }, which apkit's HttpError does not have", SUGGEST);
      }
      return ctx.transaction(() => {
        const made = make(true);
        if (isLeft(made)) return made;
        // `.then((res) => JSON.parse(res.body))` is what requestJson does: the link goes.
        if (parsesOnly(unwrap(onOk)) && !onFail) {
          ctx.replace(thenCall.node, made);
          return { rewritten: 1 };
        }
        if (!takeParsed(ok, 0, "body", ctx)) return leave("its answer ({ body, xhr }) is read in ways apkit's answer does not keep (only JSON.parse(res.body) is)", SUGGEST);
        ctx.replace(call, made);
        return { rewritten: 1 };
      });
    }
  }
  // `const res = await AP.request(url)` → `const res = await requestJson(url)` when res is only JSON.parse(res.body).
  if (link?.node.type === "AwaitExpression") {
    const decl = parentOf(link.node);
    if (decl?.node.type === "VariableDeclarator" && decl.key === "init" && decl.node.id.type === "Identifier") {
      const binding = ctx.analysis.declared.get(decl.node.id);
      const refs = binding ? ctx.referencesOf(binding) : [];
      if (binding && !binding.assigned && refs.length > 0) {
        return ctx.transaction(() => {
          const parses: Node[] = [];
          for (const ref of refs) {
            const up = parentOf(ref);
            const body = up?.key === "object" && up.node.type === "MemberExpression" && !up.node.computed && up.node.property.name === "body" ? up.node : undefined;
            const parse = body && jsonParseOf(body);
            if (!parse) return leave("its answer ({ body, xhr }) is read in ways apkit's answer does not keep (only JSON.parse(res.body) is)", SUGGEST);
            parses.push(parse);
          }
          const made = make(true);
          if (isLeft(made)) return made;
          ctx.replace(call, made);
          // `const res = await ...; const issue = JSON.parse(res.body);` → `const issue = await requestJson(...);`
          const next = parses.length === 1 ? adjacentDeclarationOf(parses[0]!, decl.node) : undefined;
          if (next) {
            ctx.replace(parses[0]!, link.node);
            ctx.splice(next.parent, next.key, next.index, 1);
            ctx.relink(next.parent, next.key);
            return { rewritten: 1 };
          }
          for (const parse of parses) ctx.replace(parse, b.identifier!(decl.node.id.name));
          return { rewritten: 1 };
        });
      }
    }
  }
  return leave("its answer ({ body, xhr }) is read in ways apkit's answer does not keep", SUGGEST);
}
