/**
 * The one-for-one rewrites: a method that acts (`fire`), subscribes (`listen`), answers through a callback
 * (`callback`, `callbackFirst`) or with a promise (`promise`), and `AP.sizeToParent`; plus a method passed as a value
 * (`success: AP.history.back`).
 */
import { chainOf, parentOf, unwrap } from "../../shared/analyze.js";
import { normalisePath } from "../../shared/apCalls.js";
import type { Node } from "../../shared/parse.js";
import { b, isCallable, thenOf, voided, type Left, type Outcome, type RewriteContext, type Site } from "../context.js";

/** The outcome of a rewrite that left the use, with its reason and what to do instead. */
export const leave = (reason: string, suggestion: string): Left => ({ reason, suggestion });

const VALUE_USED = (site: Site) =>
  leave(
    "its value is used: raw AP answers nothing here, apkit answers a promise",
    `call ${site.entry?.apkit ?? "the apkit call"} where its promise (or nothing) is what the code expects`,
  );

/** Replaces a call's callee with `callee` (an optional call `AP?.x()` becomes a plain call). */
export function swapCallee(site: Site, ctx: RewriteContext, callee: Node, args?: Node[]): Node {
  const call = site.chain.call!;
  if (call.type === "OptionalCallExpression" || args) {
    const fresh = b.callExpression!(callee, args ?? call.arguments);
    ctx.replace(call, fresh);
    return fresh;
  }
  ctx.set(call, "callee", callee);
  return call;
}

/** Puts `expr` where the call stood: `void expr` in an effect's arrow (React would run a returned function). */
export function placeCall(site: Site, ctx: RewriteContext, expr: Node): void {
  const goes = ctx.valueGoes(site.chain.call!);
  ctx.replace(site.chain.call!, goes === "effect" ? voided(expr) : expr);
}

const DIMENSION = /^\d+(\.\d+)?(px|%)?$/;

// Literal arguments apkit would refuse (a TypeError at once), where the raw bridge would have sent them on.
function refusedLiteral(path: string, args: Node[]): string | undefined {
  const literal = (n: Node | undefined) => n && (n.type === "StringLiteral" || n.type === "NumericLiteral") ? String(n.value) : undefined;
  if (path === "resize") {
    for (const a of args) {
      const v = literal(unwrap(a));
      if (v !== undefined && !DIMENSION.test(v)) return `resize(${v}): apkit takes pixels or a percentage`;
    }
  }
  if (path === "history.go") {
    const a = args[0] && unwrap(args[0]);
    if (a && a.type !== "NumericLiteral" && a.type !== "UnaryExpression") return undefined;
    if (a?.type === "NumericLiteral" && !Number.isInteger(a.value)) return "history.go takes an integer";
  }
  if (path === "navigator.go" || path === "cookie.save" || path === "cookie.read" || path === "cookie.erase") {
    const a = args[0] && unwrap(args[0]);
    if (a?.type === "StringLiteral" && a.value === "") return `${path} with an empty name`;
  }
  return undefined;
}

/** `fire` and `listen`: the same arguments, another callee. */
export function fireRule(site: Site, ctx: RewriteContext): Outcome {
  const { entry, chain, path } = site;
  const call = chain.call!;
  const key = path.join(".");
  if (call.arguments.length > (entry!.arity ?? 0)) return leave(`AP.${key} is called with more arguments than apkit's ${entry!.apkit} takes`, `call ${entry!.apkit} with its documented arguments`);
  if (call.arguments.some((a: Node) => a.type === "SpreadElement") && entry!.arity !== Infinity) return leave("its arguments are spread", `call ${entry!.apkit} with its arguments written out`);
  const refused = refusedLiteral(key, call.arguments);
  if (refused) return leave(refused, `fix the argument, then call ${entry!.apkit}`);
  if (entry!.rewrite === "listen" && /^events\.on(Any|Public|AnyPublic)$/.test(key) && hasOffPair(key, ctx)) {
    return leave(`the file also calls AP.events.off${key.slice(9)}: apkit's ${entry!.apkit} returns the unsubscribe function instead`, `keep what ${entry!.apkit}(...) returns and call it where off${key.slice(9)} was`);
  }
  const goes = ctx.valueGoes(call);
  if (goes === "used") return VALUE_USED(site);
  const callee = ctx.apkit(entry!.apkit!);
  if (goes === "effect") {
    ctx.replace(call, voided(b.callExpression!(callee, call.arguments)));
    return { rewritten: 1 };
  }
  swapCallee(site, ctx, callee);
  return { rewritten: 1 };
}

function hasOffPair(key: string, ctx: RewriteContext): boolean {
  const off = key.replace("events.on", "events.off");
  return ctx.analysis.uses.some((u) => normalisePath(chainOf(u.root, u.prefix).path).join(".") === off);
}

/** `callback` / `callbackFirst`: `x(args, cb)` → `x(args).then(cb)`. */
export function callbackRule(site: Site, ctx: RewriteContext): Outcome {
  const { entry, chain, path } = site;
  const call = chain.call!;
  const args = [...call.arguments] as Node[];
  const key = path.join(".");
  if (args.some((a) => a.type === "SpreadElement")) return leave("its arguments are spread", `call ${entry!.apkit}(...) with its arguments written out`);
  const first = entry!.rewrite === "callbackFirst";
  const cb = first ? args[0] : args[args.length - 1];
  if (!isCallable(cb)) {
    if (key === "history.getState") {
      return leave("without a callback, the CDN all.js answers at once; apkit's history.getState() is a promise", "await history.getState() where the state is read");
    }
    if (args.length <= (entry!.arity ?? 0) && ctx.valueGoes(call) !== "used") return fireRule({ ...site, entry: { ...entry!, arity: entry!.arity ?? 0 } }, ctx);
    return leave(`AP.${key}'s answer comes through a callback, and none is given`, `${entry!.apkit}(...).then((answer) => ...)`);
  }
  const rest = first ? args.slice(1) : args.slice(0, -1);
  if (rest.length > (entry!.arity ?? 0)) return leave(`AP.${key} is called with more arguments than apkit's ${entry!.apkit} takes`, `${entry!.apkit}(...).then(callback)`);
  const refused = refusedLiteral(key, rest);
  if (refused) return leave(refused, `fix the argument, then call ${entry!.apkit}`);
  const goes = ctx.valueGoes(call);
  if (goes === "used") return VALUE_USED(site);
  placeCall(site, ctx, thenOf(b.callExpression!(ctx.apkit(entry!.apkit!), rest), cb!));
  return { rewritten: 1 };
}

/** `promise`: `AP.context.getToken()` → `getToken()`; the callback form as {@link callbackRule}. */
export function promiseRule(site: Site, ctx: RewriteContext): Outcome {
  const { entry, chain } = site;
  const call = chain.call!;
  const args = call.arguments as Node[];
  if (args.length > (entry!.arity ?? 0)) {
    if (args.length === (entry!.arity ?? 0) + 1 && isCallable(args[args.length - 1])) return callbackRule(site, ctx);
    return leave(`AP.${site.path.join(".")} is called with more arguments than apkit's ${entry!.apkit} takes`, `${entry!.apkit}()`);
  }
  swapCallee(site, ctx, ctx.apkit(entry!.apkit!));
  return { rewritten: 1 };
}

/** `AP.sizeToParent(hideFooter)` → `sizeToParent({ hideFooter })`. */
export function sizeToParentRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const args = call.arguments as Node[];
  if (args.length > 1 || args.some((a) => a.type === "SpreadElement")) return leave("AP.sizeToParent takes one argument (hideFooter)", "sizeToParent({ hideFooter })");
  const goes = ctx.valueGoes(call);
  if (goes === "used") return VALUE_USED(site);
  const options = args.length === 0 ? [] : [b.objectExpression!([b.objectProperty!(b.identifier!("hideFooter"), args[0])])];
  const expr = b.callExpression!(ctx.apkit("sizeToParent"), options);
  ctx.replace(call, goes === "effect" ? voided(expr) : expr);
  return { rewritten: 1 };
}

/**
 * A method read, not called: passed on as a callback (`success: AP.history.back`). Methods that take no argument
 * become `() => history.back()` (whatever the caller passes is dropped, as the raw method ignored it); the rest stay.
 */
export function valueRule(site: Site, ctx: RewriteContext): Outcome {
  const { entry, chain, path } = site;
  const key = path.join(".");
  const link = parentOf(chain.top);
  const passed =
    link &&
    ((link.key === "arguments" && link.node.callee !== chain.top) ||
      (link.node.type === "ObjectProperty" && link.key === "value") ||
      (link.node.type === "AssignmentExpression" && link.key === "right") ||
      (link.node.type === "VariableDeclarator" && link.key === "init") ||
      (link.node.type === "JSXExpressionContainer" && link.key === "expression"));
  if (!entry || !passed) {
    if (path.length === 0) return leave("AP itself is read here (a feature check, or AP handed to other code)", "apkit needs no check: its calls fail with a coded error outside a Connect iframe (getContext() tells the product)");
    if (!entry) return leave(`AP.${key} is read, not called (a feature check)`, "getContext() tells the product; apkit's calls fail with a coded error where a capability is missing");
    return leave(`AP.${key} is read, not called`, `call ${entry.apkit ?? "the apkit call"} where it is called`);
  }
  if (!entry.apkit || !(entry.rewrite === "fire" && (entry.arity ?? 0) === 0)) {
    return leave(`AP.${key} is passed on as a value: the code that calls it decides its arguments`, `pass (...args) => ${entry.apkit ?? "the apkit call"}(...) once you know them`);
  }
  ctx.replace(chain.top, b.arrowFunctionExpression!([], b.callExpression!(ctx.apkit(entry.apkit), [])));
  return { rewritten: 1 };
}
