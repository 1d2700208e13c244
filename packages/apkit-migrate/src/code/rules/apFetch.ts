/**
 * `AP.context.getToken` whose token only goes into `fetch`'s `Authorization: JWT <token>` header: `apFetch`, which
 * adds that header itself (with a cached token, refreshed before it expires):
 *
 * ```js
 * AP.context.getToken(function (token) {                 apFetch("/api/items")
 *   fetch("/api/items", {                                  .then((r) => r.json())
 *     headers: { Authorization: "JWT " + token },          .then(render);
 *   }).then((r) => r.json()).then(render);
 * });
 * ```
 *
 * Only when the callback does nothing but that fetch (so nothing runs earlier than before), and the URL is a path
 * on the page's own origin (apFetch never sends the token to another origin). `AP.context.getToken().then((token)
 * => fetch(...))` likewise. Anything else stays a `getToken()` rewrite.
 */
import { parentOf, unwrap } from "../../shared/analyze.js";
import type { Node } from "../../shared/parse.js";
import type { Outcome, RewriteContext, Site } from "../context.js";
import { literalPrefix } from "../../check/scan.js";

interface FetchUse {
  call: Node;
  /** The headers object and the Authorization property in it. */
  headers: Node;
  auth: Node;
  /** The init object. */
  init: Node;
}

// `"JWT " + token`, `` `JWT ${token}` ``
function isJwtHeader(value: Node, token: Node): boolean {
  const v = unwrap(value);
  if (v.type === "BinaryExpression" && v.operator === "+") {
    const l = unwrap(v.left);
    return l.type === "StringLiteral" && l.value === "JWT " && unwrap(v.right) === token;
  }
  if (v.type === "TemplateLiteral") {
    return v.expressions.length === 1 && unwrap(v.expressions[0]!) === token && v.quasis[0]?.value.cooked === "JWT " && v.quasis[1]?.value.cooked === "";
  }
  return false;
}

// The fetch call whose Authorization header `token` is, when it is one.
function fetchOf(token: Node, ctx: RewriteContext): FetchUse | undefined {
  let value: Node = token;
  for (let link = parentOf(value); link && ["BinaryExpression", "TemplateLiteral"].includes(link.node.type); link = parentOf(value)) value = link.node;
  if (!isJwtHeader(value, token)) return undefined;
  const auth = parentOf(value);
  if (auth?.node.type !== "ObjectProperty" || auth.key !== "value") return undefined;
  const name = auth.node.key.type === "Identifier" ? auth.node.key.name : auth.node.key.value;
  if (typeof name !== "string" || name.toLowerCase() !== "authorization") return undefined;
  const headers = parentOf(auth.node)?.node;
  if (!headers) return undefined;
  const headersProp = parentOf(headers);
  if (headersProp?.node.type !== "ObjectProperty" || headersProp.key !== "value") return undefined;
  const hk = headersProp.node.key;
  if ((hk.type === "Identifier" ? hk.name : hk.value) !== "headers") return undefined;
  const init = parentOf(headersProp.node)?.node;
  if (!init) return undefined;
  const arg = parentOf(init);
  if (arg?.key !== "arguments" || arg.index !== 1) return undefined;
  const call = arg.node;
  const callee = unwrap(call.callee);
  const isFetch =
    (callee.type === "Identifier" && callee.name === "fetch" && !ctx.analysis.bindingOf.get(callee)) ||
    (callee.type === "MemberExpression" && !callee.computed && callee.property.name === "fetch" && callee.object.type === "Identifier" && callee.object.name === "window");
  if (!isFetch || call.arguments.length !== 2) return undefined;
  const url = literalPrefix(call.arguments[0]);
  if (url === undefined || !url.startsWith("/") || url.startsWith("//")) return undefined;
  return { call, headers, auth: auth.node, init };
}

// The expression a fetch chain starts from: `fetch(...)` itself, or `fetch(...).then(...)...`.
function headsChain(expr: Node, fetchCall: Node): boolean {
  let n = unwrap(expr);
  while (n !== fetchCall) {
    if (n.type !== "CallExpression" || n.callee.type !== "MemberExpression") return false;
    n = unwrap(n.callee.object);
  }
  return true;
}

/** The only statement of a callback as an expression (its body, or what it returns). */
function soleExpression(fn: Node): Node | undefined {
  const body = fn.body as Node;
  if (body.type !== "BlockStatement") return body;
  if (body.body.length !== 1) return undefined;
  const s = body.body[0];
  return s.type === "ExpressionStatement" ? s.expression : s.type === "ReturnStatement" ? s.argument ?? undefined : undefined;
}

// Makes the fetch apFetch: the callee, and no Authorization header (apFetch sends it).
function toApFetch(use: FetchUse, ctx: RewriteContext): void {
  ctx.set(use.call, "callee", ctx.apkit("apFetch"));
  const props = use.headers.properties as Node[];
  ctx.splice(use.headers, "properties", props.indexOf(use.auth), 1);
  if (props.length === 0) {
    const initProps = use.init.properties as Node[];
    const holder = initProps.find((p) => p.value === use.headers);
    ctx.splice(use.init, "properties", initProps.indexOf(holder!), 1);
    if (initProps.length === 0) ctx.splice(use.call, "arguments", 1, 1);
  }
}

/**
 * `AP.context.getToken(cb)` or `AP.context.getToken().then(cb)` as `apFetch`, when it is one; `undefined` when the
 * pattern is not there (the caller then rewrites it as `getToken`).
 */
export function apFetchRule(site: Site, ctx: RewriteContext): Outcome | undefined {
  const call = site.chain.call!;
  let fn: Node | undefined;
  let replaced: Node;
  if (call.arguments.length === 1) {
    fn = unwrap(call.arguments[0]);
    replaced = call;
    if (parentOf(call)?.node.type !== "ExpressionStatement") return undefined;
  } else {
    const member = parentOf(call);
    if (call.arguments.length || member?.key !== "object" || member.node.type !== "MemberExpression" || member.node.property.name !== "then") return undefined;
    const thenCall = parentOf(member.node);
    if (thenCall?.key !== "callee" || thenCall.node.arguments.length !== 1) return undefined;
    fn = unwrap(thenCall.node.arguments[0]);
    replaced = thenCall.node;
  }
  if (!fn || (fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression") || fn.params.length !== 1 || fn.params[0].type !== "Identifier" || fn.async) return undefined;
  const binding = ctx.analysis.frameOf(fn)?.names.get(fn.params[0].name);
  const refs = binding ? ctx.referencesOf(binding) : [];
  if (!binding || binding.assigned || refs.length === 0) return undefined;
  const uses = refs.map((r) => fetchOf(r, ctx));
  if (uses.some((u) => !u) || uses.length !== 1) return undefined;
  const expr = soleExpression(fn);
  if (!expr || !headsChain(expr, uses[0]!.call)) return undefined;
  const statement = (fn.body as Node).type === "BlockStatement" ? (fn.body as Node).body[0] : undefined;
  return ctx.transaction(() => {
    toApFetch(uses[0]!, ctx);
    // The callback's comments stay with the code they describe.
    if (statement?.comments?.length) ctx.set(expr, "comments", [...statement.comments, ...(expr.comments ?? [])]);
    ctx.replace(replaced, expr);
    return { rewritten: 1 };
  });
}
