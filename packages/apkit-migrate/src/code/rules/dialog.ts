/**
 * Dialogs and flags: `AP.dialog.create(options).on("close", cb)` → `dialog.open(options).then(cb)`, the dialog's
 * buttons (`AP.dialog.getButton(name).disable()` → `dialog.button(name).disable()`), `AP.flag.create(options)` →
 * `flag.show(options)` (its handle's `close()` is the same).
 *
 * apkit checks dialog and flag options before anything is sent and throws a `TypeError` for bad ones, where the raw
 * bridge sent them on: options are rewritten only when written out as an object literal, and literal values apkit
 * would refuse leave the call as it is.
 */
import { parentOf, unwrap } from "../../shared/analyze.js";
import type { Node } from "../../shared/parse.js";
import { b, isCallable, thenOf, voided, type Outcome, type RewriteContext, type Site } from "../context.js";
import { leave, swapCallee } from "./basic.js";

const DIMENSION = /^\d+(\.\d+)?(px|%)?$/;
const SIZES = /^(small|medium|large|x-large|maximum|fullscreen)$/i;

/**
 * The options object a call gets, when it is written out: there, or in a variable declared with it and used nowhere
 * else (so nothing changed it in between).
 */
function literalObject(node: Node, ctx: RewriteContext): Node | undefined {
  const n = unwrap(node);
  if (n.type === "ObjectExpression") return n;
  if (n.type !== "Identifier") return undefined;
  const binding = ctx.analysis.bindingOf.get(n);
  const init = binding?.declarator?.id === binding?.id ? binding?.declarator?.init : undefined;
  if (!binding || binding.assigned || !init || unwrap(init).type !== "ObjectExpression") return undefined;
  return ctx.referencesOf(binding).length === 1 ? unwrap(init) : undefined;
}

function literalOf(node: Node | undefined): string | number | boolean | undefined {
  const n = node && unwrap(node);
  return n && (n.type === "StringLiteral" || n.type === "NumericLiteral" || n.type === "BooleanLiteral") ? n.value : undefined;
}

function props(object: Node): Map<string, Node> | undefined {
  const out = new Map<string, Node>();
  for (const p of object.properties as Node[]) {
    if (p.type !== "ObjectProperty" || p.computed) return undefined;
    const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
    if (key === undefined) return undefined;
    out.set(key, p.value);
  }
  return out;
}

// Why apkit's dialog.open would refuse these options, or undefined.
function dialogRefuses(options: Node): string | undefined {
  const o = props(options);
  if (!o) return "the dialog options spread or compute a key";
  const key = o.get("key");
  if (!key) return "the dialog options have no key";
  const k = literalOf(key);
  if (k !== undefined && (typeof k !== "string" || k === "")) return "the dialog key is not a module key";
  const size = literalOf(o.get("size"));
  if (size !== undefined && !SIZES.test(String(size))) return `the dialog size ${size} is not one apkit knows`;
  for (const name of ["width", "height"]) {
    const v = literalOf(o.get(name));
    if (v !== undefined && !DIMENSION.test(String(v))) return `the dialog ${name} ${v} is not pixels or a percentage`;
  }
  const data = o.get("customData") && unwrap(o.get("customData")!);
  if (data && ["ArrayExpression", "StringLiteral", "NumericLiteral", "BooleanLiteral"].includes(data.type)) return "the dialog customData is not an object";
  return undefined;
}

const KEEP_DIALOG = "dialog.open(options) resolves with the close data: move the dialog object's uses onto that promise";

/** `AP.dialog.create(options)`. */
export function dialogCreateRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const [options, ...extra] = call.arguments as Node[];
  const written = !extra.length && options ? literalObject(options, ctx) : undefined;
  if (!written) return leave("the dialog options are built elsewhere, so apkit's checks cannot be proven to pass", "dialog.open(options), once the options are known to be valid");
  const refused = dialogRefuses(written);
  if (refused) return leave(refused, "fix the options, then dialog.open(options)");
  const open = ctx.apkit("dialog.open");
  const link = parentOf(call);

  // `.on("close", callback)`
  if (link?.key === "object" && link.node.type === "MemberExpression" && !link.node.computed && link.node.property.name === "on") {
    const onCall = parentOf(link.node);
    if (onCall?.key !== "callee") return leave("the dialog's on method is read, not called", KEEP_DIALOG);
    const [event, callback, ...more] = onCall.node.arguments as Node[];
    if (literalOf(event) !== "close" || !isCallable(callback) || more.length) return leave(`the dialog listens to ${literalOf(event) ?? "an event named at run time"}: apkit's dialog.open only has the close`, KEEP_DIALOG);
    const goes = ctx.valueGoes(onCall.node);
    if (goes === "used") return leave("the value of .on(\"close\", ...) is used", KEEP_DIALOG);
    const expr = thenOf(swapped(call, open, ctx), callback!);
    ctx.replace(onCall.node, goes === "effect" ? voided(expr) : expr);
    return { rewritten: 1 };
  }

  // `const d = AP.dialog.create(options); d.on("close", callback);`
  if (link?.node.type === "VariableDeclarator" && link.key === "init" && link.node.id.type === "Identifier") {
    const binding = ctx.analysis.declared.get(link.node.id);
    if (!binding || binding.assigned) return leave("the dialog object is assigned again", KEEP_DIALOG);
    const refs = ctx.referencesOf(binding);
    if (refs.length === 0) {
      swapCallee(site, ctx, open);
      return { rewritten: 1 };
    }
    const ons = refs.map(onCloseStatement);
    if (refs.length !== 1 || !ons[0]) return leave("the dialog object is used for more than one on(\"close\", function)", KEEP_DIALOG);
    return ctx.transaction(() => {
      const { statement, callback } = ons[0]!;
      const list = parentOf(statement)!;
      ctx.splice(list.node, list.key, list.index!, 1);
      ctx.relink(list.node, list.key);
      ctx.replace(call, thenOf(swapped(call, open, ctx), callback));
      return { rewritten: 1 };
    });
  }

  const goes = ctx.valueGoes(call);
  if (goes === "used") return leave("the dialog object is used", KEEP_DIALOG);
  if (goes === "effect") ctx.replace(call, voided(swapped(call, open, ctx)));
  else swapCallee(site, ctx, open);
  return { rewritten: 1 };
}

// `call` with its callee swapped (a new plain call when it was an optional one, `AP?.dialog.create()`).
function swapped(call: Node, callee: Node, ctx: RewriteContext): Node {
  if (call.type === "OptionalCallExpression") return b.callExpression!(callee, call.arguments);
  ctx.set(call, "callee", callee);
  return call;
}

// `d.on("close", function () {...})` as a statement of its own, with a function written there (defined before use).
function onCloseStatement(ref: Node): { statement: Node; callback: Node } | undefined {
  const member = parentOf(ref);
  if (member?.key !== "object" || member.node.type !== "MemberExpression" || member.node.computed || member.node.property.name !== "on") return undefined;
  const call = parentOf(member.node);
  if (call?.key !== "callee") return undefined;
  const [event, callback, ...more] = call.node.arguments as Node[];
  if (literalOf(event) !== "close" || more.length || !callback || !["FunctionExpression", "ArrowFunctionExpression"].includes(unwrap(callback).type)) return undefined;
  const statement = parentOf(call.node);
  if (statement?.node.type !== "ExpressionStatement") return undefined;
  const list = parentOf(statement.node);
  if (list?.index === undefined) return undefined;
  return { statement: statement.node, callback };
}

const BUTTON_ACTS = new Set(["enable", "disable", "toggle", "show", "hide", "trigger"]);
const BUTTON_ASKS = new Set(["isEnabled", "isHidden"]);

/** `AP.dialog.getButton(name)` and the button's methods. */
export function dialogButtonRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const [name, ...extra] = call.arguments as Node[];
  if (!name || extra.length) return leave("getButton takes a button name", "dialog.button(name)");
  const n = literalOf(name);
  if (n !== undefined && (typeof n !== "string" || n === "")) return leave("the button name is not a name", "dialog.button(name)");
  return ctx.transaction(() => {
    const link = parentOf(call);
    if (link?.node.type === "VariableDeclarator" && link.key === "init" && link.node.id.type === "Identifier") {
      const binding = ctx.analysis.declared.get(link.node.id);
      if (!binding || binding.assigned) return leave("the button object is assigned again", "dialog.button(name) and its promise-returning methods");
      for (const ref of ctx.referencesOf(binding)) {
        const why = rewriteButtonUse(ref, ctx);
        if (why) return leave(why, "dialog.button(name) and its promise-returning methods");
      }
    } else {
      const why = ctx.valueGoes(call) === "used" ? rewriteButtonUse(call, ctx) : undefined;
      if (why) return leave(why, "dialog.button(name) and its promise-returning methods");
    }
    swapCallee(site, ctx, ctx.apkit("dialog.button"));
    return { rewritten: 1 };
  });
}

// One use of a button (the getButton call itself, or a variable holding it): `.disable()`, `.isEnabled(cb)`.
function rewriteButtonUse(node: Node, ctx: RewriteContext): string | undefined {
  const member = parentOf(node);
  if (member?.key !== "object" || member.node.type !== "MemberExpression" || member.node.computed) return "the button object is passed on";
  const method = member.node.property.name as string;
  const call = parentOf(member.node);
  if (call?.key !== "callee") return `the button's ${method} is read, not called`;
  const goes = ctx.valueGoes(call.node);
  if (BUTTON_ACTS.has(method)) {
    if (call.node.arguments.length) return `the button's ${method} takes no arguments`;
    if (goes === "used") return `the value of the button's ${method}() is used`;
    if (goes === "effect") ctx.replace(call.node, voided(call.node));
    return undefined;
  }
  if (BUTTON_ASKS.has(method)) {
    const [callback, ...more] = call.node.arguments as Node[];
    if (!isCallable(callback) || more.length) return `the button's ${method} gets no callback`;
    if (goes === "used") return `the value of the button's ${method}() is used`;
    ctx.set(call.node, "arguments", []);
    const expr = thenOf(call.node, callback!);
    ctx.replace(call.node, goes === "effect" ? voided(expr) : expr);
    return undefined;
  }
  return `the button's ${method} has no apkit equivalent`;
}

const FLAG_TYPES = /^(info|success|warning|error)$/;
const FLAG_CLOSE = /^(auto|manual)$/;
const FLAG_KEYS = new Set(["title", "body", "type", "close", "actions"]);

/** `AP.flag.create(options)` → `flag.show(options)`. */
export function flagCreateRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const [options, ...extra] = call.arguments as Node[];
  const written = !extra.length && options ? literalObject(options, ctx) : undefined;
  if (!written) return leave("the flag options are built elsewhere, so apkit's checks cannot be proven to pass", "flag.show(options), once the options are known to be valid");
  const o = props(written);
  if (!o) return leave("the flag options spread or compute a key", "flag.show(options)");
  for (const [key, value] of o) {
    if (!FLAG_KEYS.has(key)) return leave(`the flag option ${key} has no apkit equivalent`, "flag.show({ title, body, type, close, actions })");
    const v = literalOf(value);
    if ((key === "title" || key === "body") && v !== undefined && typeof v !== "string") return leave(`the flag ${key} is not text`, "flag.show(options)");
    if (key === "type" && v !== undefined && !FLAG_TYPES.test(String(v))) return leave(`the flag type ${v} is not one apkit knows`, "flag.show(options)");
    if (key === "close" && v !== undefined && !FLAG_CLOSE.test(String(v))) return leave(`the flag close ${v} is not auto or manual`, "flag.show(options)");
    if (key === "actions" && ["ArrayExpression", "StringLiteral"].includes(unwrap(value).type)) return leave("the flag actions are not an object", "flag.show(options)");
  }
  const link = parentOf(call);
  let holder: Node | undefined;
  if (link?.node.type === "VariableDeclarator" && link.key === "init" && link.node.id.type === "Identifier") holder = link.node.id;
  if (link?.node.type === "AssignmentExpression" && link.key === "right" && link.node.left.type === "Identifier") holder = link.node.left;
  const closesOnly = (node: Node) => {
    const m = parentOf(node);
    const c = m && m.key === "object" && m.node.type === "MemberExpression" && !m.node.computed && m.node.property.name === "close" ? parentOf(m.node) : undefined;
    return !!c && c.key === "callee" && c.node.arguments.length === 0;
  };
  if (holder) {
    const binding = ctx.analysis.declared.get(holder) ?? ctx.analysis.bindingOf.get(holder);
    const refs = binding ? ctx.referencesOf(binding).filter((r) => r !== holder) : [];
    const bad = !binding || refs.some((r) => {
      const up = parentOf(r);
      return !(closesOnly(r) || (up?.node.type === "AssignmentExpression" && up.key === "left") || isNullCheck(r));
    });
    if (bad) return leave("the flag object is used for more than close()", "flag.show(options) returns { close(), closed, onAction(id, fn) }");
  } else if (!closesOnly(call) && ctx.valueGoes(call) === "used") {
    return leave("the flag object is used for more than close()", "flag.show(options) returns { close(), closed, onAction(id, fn) }");
  }
  swapCallee(site, ctx, ctx.apkit("flag.show"));
  return { rewritten: 1 };
}

// `if (flag)`, `flag && flag.close()`: a check of the variable itself.
function isNullCheck(ref: Node): boolean {
  const up = parentOf(ref);
  return !!up && ((up.node.type === "IfStatement" && up.key === "test") || (up.node.type === "LogicalExpression" && up.key === "left") || (up.node.type === "UnaryExpression" && up.node.operator === "!"));
}
