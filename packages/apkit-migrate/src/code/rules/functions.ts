/**
 * What a callback does with its parameters, read from the tree: the rules rewrite a call only when the callbacks
 * it hands data to read that data in ways the apkit call keeps.
 */
import { parentOf, unwrap, type Binding } from "../../shared/analyze.js";
import type { Node } from "../../shared/parse.js";
import { b, type RewriteContext } from "../context.js";

const FUNCTION_TYPES = new Set(["FunctionExpression", "ArrowFunctionExpression", "FunctionDeclaration", "ObjectMethod"]);

/** A function the rules can read: its node, and the binding of each simple parameter. */
export interface Fn {
  node: Node;
  params: (Binding | undefined)[];
  /** Whether its own body reads `arguments` (then every argument matters). */
  readsArguments: boolean;
}

/**
 * The function an expression is: a function or arrow written there, an object method, or a name bound once to a
 * function declaration or a `const` function. `undefined` when it cannot be known (an import, a parameter...).
 */
export function functionOf(expr: Node | undefined, ctx: RewriteContext): Fn | undefined {
  if (!expr) return undefined;
  let node = unwrap(expr);
  if (node.type === "Identifier") {
    const binding = bindingOfRef(node, ctx);
    if (!binding || binding.assigned) return undefined;
    if (binding.kind === "function") node = parentOf(binding.id)?.node ?? node;
    else if (binding.kind === "const" && binding.declarator?.id === binding.id && binding.declarator.init) node = unwrap(binding.declarator.init);
    else return undefined;
  }
  if (!FUNCTION_TYPES.has(node.type)) return undefined;
  const frame = ctx.analysis.frameOf(node);
  // A function a rule made (`() => history.back()`) has no scope of its own, and takes nothing.
  if (!frame) return node.params.length === 0 ? { node, params: [], readsArguments: false } : undefined;
  const params = (node.params as Node[]).map((p) => (p.type === "Identifier" ? frame.names.get(p.name) : undefined));
  return { node, params, readsArguments: node.type !== "ArrowFunctionExpression" && readsArguments(node.body) };
}

/** The binding a reference resolves to. */
export function bindingOfRef(ref: Node, ctx: RewriteContext): Binding | undefined {
  return ctx.analysis.bindingOf.get(ref);
}

function readsArguments(node: Node | undefined): boolean {
  if (!node || typeof node !== "object") return false;
  if (node.type === "Identifier") return node.name === "arguments";
  if (node.type === "FunctionExpression" || node.type === "FunctionDeclaration" || node.type === "ObjectMethod" || node.type === "ClassMethod") return false;
  for (const key in node) {
    if (key === "loc" || key === "extra" || key === "comments" || key === "tokens" || key === "original") continue;
    const v = node[key];
    if (Array.isArray(v)) {
      if (v.some((c) => c && typeof c.type === "string" && readsArguments(c))) return true;
    } else if (v && typeof v.type === "string" && readsArguments(v)) return true;
  }
  return false;
}

/** Whether parameter `i` is absent or never read. */
export function unread(fn: Fn, i: number, ctx: RewriteContext): boolean {
  const p = fn.node.params[i];
  if (!p) return true;
  const binding = fn.params[i];
  return !!binding && ctx.referencesOf(binding).length === 0;
}

/** The references of parameter `i`, or `undefined` when it is not a plain name. */
export function paramRefs(fn: Fn, i: number, ctx: RewriteContext): Node[] | undefined {
  const binding = fn.params[i];
  if (!fn.node.params[i]) return [];
  return binding ? ctx.referencesOf(binding) : undefined;
}

/** `JSON.parse(ref)`: the call, when `ref` is its only argument. */
export function jsonParseOf(ref: Node): Node | undefined {
  const link = parentOf(ref);
  if (!link || link.key !== "arguments" || link.index !== 0) return undefined;
  const call = link.node;
  if (call.type !== "CallExpression" || call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.callee);
  return callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.object.name === "JSON" && callee.property.name === "parse"
    ? call
    : undefined;
}

/** `ref.body`, read (not written, not called): the member node. */
export function bodyReadOf(ref: Node): Node | undefined {
  const link = parentOf(ref);
  if (!link || link.key !== "object" || link.node.type !== "MemberExpression" || link.node.computed || link.node.property.name !== "body") return undefined;
  return link.node;
}

/** A read of one of `names` from `ref` (`xhr.status`): not written, not called. */
export function isPropertyRead(ref: Node, names: readonly string[]): boolean {
  const link = parentOf(ref);
  if (!link || link.key !== "object" || link.node.type !== "MemberExpression" || link.node.computed) return false;
  if (!names.includes(link.node.property.name)) return false;
  const up = parentOf(link.node);
  return !(up && ((up.node.type === "AssignmentExpression" && up.key === "left") || up.key === "callee" || up.node.type === "UpdateExpression"));
}

/** `console.log(ref)` and friends: what is logged may differ, nothing else. */
export function isConsoleArg(ref: Node): boolean {
  const link = parentOf(ref);
  if (!link || link.key !== "arguments" || link.node.type !== "CallExpression") return false;
  const callee = unwrap(link.node.callee);
  return callee.type === "MemberExpression" && callee.object.type === "Identifier" && callee.object.name === "console";
}

/** An object method (`success(data) {...}`) as a function expression, so it can be passed to `.then`. */
export function asFunctionExpression(node: Node): Node {
  if (node.type !== "ObjectMethod") return node;
  const fn = b.functionExpression!(null, node.params, node.body, node.generator, node.async);
  return fn;
}

/**
 * Makes a callback that parsed its parameter `i` (`JSON.parse(data)`, or `JSON.parse(res.body)` with `via: "body"`)
 * take the parsed value instead: `const issue = JSON.parse(data)` first in the body becomes the parameter itself,
 * any other `JSON.parse(...)` of it becomes the parameter. Returns false (changing nothing) when it cannot.
 */
export function takeParsed(fn: Fn, i: number, via: "direct" | "body", ctx: RewriteContext): boolean {
  const refs = paramRefs(fn, i, ctx);
  if (!refs || refs.length === 0) return false;
  const parses: Node[] = [];
  for (const ref of refs) {
    const inner = via === "body" ? bodyReadOf(ref) : ref;
    const parse = inner && jsonParseOf(inner);
    if (!parse) return false;
    parses.push(parse);
  }
  const body = fn.node.body as Node;
  const first = body.type === "BlockStatement" ? body.body[0] : undefined;
  if (refs.length === 1 && first?.type === "VariableDeclaration" && first.declarations.length === 1) {
    const d = first.declarations[0];
    // Only the bare parse: `JSON.parse(text) as Issue[]` keeps its declaration, so the type stays written.
    if (d.id.type === "Identifier" && d.init === parses[0]) {
      ctx.splice(fn.node, "params", i, 1, b.identifier!(d.id.name));
      ctx.relink(fn.node, "params");
      ctx.splice(body, "body", 0, 1);
      // The removed line's comments stay with the code after it.
      if (first.comments?.length && body.body[0]) ctx.set(body.body[0], "comments", [...first.comments, ...(body.body[0].comments ?? [])]);
      ctx.relink(body, "body");
      return true;
    }
  }
  // A parameter named for the text it was (`text`, `response`) now holds the parsed data: call it that.
  let name = (fn.node.params[i] as Node).name as string;
  if (via === "direct" && TEXT_NAMES.has(name) && occurrences(fn.node, "data") === 0) {
    name = "data";
    ctx.splice(fn.node, "params", i, 1, b.identifier!(name));
    ctx.relink(fn.node, "params");
  }
  for (const parse of parses) ctx.replace(parse, b.identifier!(name));
  return true;
}

const TEXT_NAMES = new Set(["text", "body", "response", "resp", "res", "responseText", "result", "json", "raw"]);

/** How often a name occurs inside a subtree, declared or read (not as a property name). */
export function occurrences(node: Node, name: string): number {
  let n = 0;
  const walk = (x: Node, parent: Node | undefined, key: string) => {
    if (x.type === "Identifier" && x.name === name) {
      const propertyName =
        parent &&
        !parent.computed &&
        (((parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && key === "property") ||
          ((parent.type === "ObjectProperty" || parent.type === "ObjectMethod") && key === "key" && !parent.shorthand));
      if (!propertyName) n++;
    }
    for (const k in x) {
      if (k === "loc" || k === "extra" || k === "comments" || k === "tokens" || k === "original") continue;
      const v = x[k];
      if (Array.isArray(v)) for (const c of v) c && typeof c.type === "string" && walk(c, x, k);
      else if (v && typeof v.type === "string") walk(v, x, k);
    }
  };
  walk(node, undefined, "");
  return n;
}
