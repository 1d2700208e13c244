/**
 * `AP.require(["request", "dialog"], function (request, dialog) { ... })`: the modules inline. Each use of a module
 * inside the callback is rewritten as the `AP.<module>` call it is, then the callback's statements take the place of
 * the `AP.require` statement (all.js's AMD calls the callback at once, with modules that are already there).
 *
 * Either every use inside is rewritten and the wrapper goes, or nothing changes: a use that stays would be left
 * reading a parameter that no longer exists.
 */
import { parentOf, requireModules, unwrap, type ApUse } from "../../shared/analyze.js";
import { REQUIRE_MODULES } from "../../shared/apCalls.js";
import type { Node } from "../../shared/parse.js";
import { b, type Outcome, type RewriteContext, type Site } from "../context.js";
import { leave } from "./basic.js";
import { occurrences } from "./functions.js";

const INLINE = "inline the modules by hand: each module's calls are apkit calls of the same name";

// Whether a function's own body reads `this` or `arguments`, or returns (a return would end the enclosing function
// once the statements move there).
function bodyBinds(node: Node, top = true): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  if (node.type === "ThisExpression") return "the callback reads this";
  if (node.type === "Identifier" && node.name === "arguments") return "the callback reads arguments";
  if (top && node.type === "ReturnStatement") return "the callback returns";
  if (node.type === "AwaitExpression" || node.type === "YieldExpression") return "the callback awaits";
  const nested = ["FunctionExpression", "FunctionDeclaration", "ObjectMethod", "ClassMethod", "ClassPrivateMethod", "ClassDeclaration", "ClassExpression"].includes(node.type);
  if (nested) return undefined;
  const arrow = node.type === "ArrowFunctionExpression";
  for (const key in node) {
    if (key === "loc" || key === "extra" || key === "comments" || key === "tokens" || key === "original") continue;
    const v = node[key];
    const children = Array.isArray(v) ? v : [v];
    for (const c of children) {
      if (!c || typeof c.type !== "string") continue;
      // An arrow keeps `this` and `arguments` of its surroundings, but a return inside it is its own.
      const why = bodyBinds(c, top && !arrow);
      if (why) return why;
    }
  }
  return undefined;
}

/** `AP.require(modules, callback)`. */
export function requireRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const [modulesArg, fnArg, ...more] = call.arguments as Node[];
  const modules = requireModules(modulesArg);
  if (!modules || !fnArg || more.length) return leave("AP.require's modules are named at run time", INLINE);
  const unknown = modules.filter((m) => !Object.prototype.hasOwnProperty.call(REQUIRE_MODULES, m));
  if (unknown.length) return leave(`AP.require of ${unknown.join(", ")}: no apkit call stands for it`, INLINE);
  const fn = unwrap(fnArg);
  if (fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression") return leave("AP.require's callback is defined elsewhere", INLINE);
  if (fn.async || fn.generator || fn.params.some((p: Node) => p.type !== "Identifier") || fn.params.length > modules.length) return leave("AP.require's callback takes its modules in an unusual way", INLINE);
  const statement = parentOf(call);
  const list = statement && parentOf(statement.node);
  if (statement?.node.type !== "ExpressionStatement" || list?.index === undefined) return leave("AP.require's value is used", INLINE);
  const why = bodyBinds(fn.body);
  if (why) return leave(why, INLINE);
  const frame = ctx.analysis.frameOf(fn);
  if (!frame) return leave("AP.require's callback cannot be read", INLINE);
  // The callback's own declarations move to the enclosing scope: no name may clash with one used outside it.
  for (const [name, binding] of frame.names) {
    if (binding.kind === "param") continue;
    if ((ctx.analysis.names.get(name) ?? 0) !== occurrences(fn, name)) return leave(`the callback declares ${name}, a name also used around it`, INLINE);
  }
  const params = new Set(fn.params.map((p: Node) => frame.names.get(p.name)));
  const inner = ctx.analysis.uses.filter((u) => u.via === "require" && u.binding && params.has(u.binding)).sort((a, z) => z.depth - a.depth);
  const label = `AP.require(${modules.join(", ")})`;

  const outcome = ctx.transaction((): Outcome => {
    let rewritten = 1;
    for (const use of inner) {
      const result = ctx.run(use);
      if ("reason" in result) return leave(`${label} stays, because a call inside it stays (${result.reason})`, result.suggestion);
      rewritten += result.rewritten;
    }
    const body = fn.body as Node;
    const statements: Node[] = body.type === "BlockStatement" ? body.body : [b.expressionStatement!(body)];
    if (statements[0] && statement.node.comments?.length) ctx.set(statements[0], "comments", [...statement.node.comments, ...(statements[0].comments ?? [])]);
    ctx.splice(list.node, list.key, list.index!, 1, ...statements);
    ctx.relink(list.node, list.key);
    return { rewritten };
  });
  if ("reason" in outcome) for (const use of inner) if (!("reason" in (ctx.outcomes.get(use.root) ?? { reason: "" }))) ctx.outcomes.set(use.root, outcome);
  return outcome;
}

/** The uses a require rule owns (the transform leaves them to it). */
export function ownedByRequire(use: ApUse): boolean {
  return use.via === "require";
}
