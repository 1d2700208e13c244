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

/**
 * `AP.require(modules, callback)`. With only modules apkit stands for, the callback's statements replace the call.
 * With others too (all.js's `_dollar`, `_util`), the call stays for those, and each module whose every use inside was
 * rewritten leaves the list (and the callback's parameters); a module with a use that cannot be rewritten stays, its
 * uses as they were.
 */
export function requireRule(site: Site, ctx: RewriteContext): Outcome {
  const call = site.chain.call!;
  const [modulesArg, fnArg, ...more] = call.arguments as Node[];
  const modules = requireModules(modulesArg);
  if (!modules || !fnArg || more.length) return leave("AP.require's modules are named at run time", INLINE);
  const fn = unwrap(fnArg);
  if (fn.type !== "FunctionExpression" && fn.type !== "ArrowFunctionExpression") return leave("AP.require's callback is defined elsewhere", INLINE);
  if (fn.async || fn.generator || fn.params.some((p: Node) => p.type !== "Identifier") || fn.params.length > modules.length) return leave("AP.require's callback takes its modules in an unusual way", INLINE);
  const frame = ctx.analysis.frameOf(fn);
  if (!frame) return leave("AP.require's callback cannot be read", INLINE);
  const known = (m: string | undefined) => m !== undefined && Object.prototype.hasOwnProperty.call(REQUIRE_MODULES, m);
  const unknown = modules.filter((m) => !known(m));
  const usesOf = (param: Node) => {
    const binding = frame.names.get(param.name);
    return ctx.analysis.uses.filter((u) => u.via === "require" && u.binding === binding).sort((a, z) => z.depth - a.depth);
  };
  // Rewrites every use of one module inside the callback, or none of them.
  const inline = (param: Node): Outcome =>
    ctx.transaction((): Outcome => {
      let rewritten = 0;
      for (const use of usesOf(param)) {
        const result = ctx.run(use);
        if ("reason" in result) return result;
        rewritten += result.rewritten;
      }
      return { rewritten };
    });

  const statement = parentOf(call);
  const list = statement && parentOf(statement.node);
  const why =
    unknown.length > 0
      ? `no apkit call stands for ${unknown.join(", ")}`
      : statement?.node.type !== "ExpressionStatement" || list?.index === undefined
        ? "AP.require's value is used"
        : (bodyBinds(fn.body) ?? clash(fn, frame, ctx));
  let failure: string | undefined;
  if (!why) {
    const outcome = ctx.transaction((): Outcome => {
      let rewritten = 1;
      for (const param of fn.params as Node[]) {
        const result = inline(param);
        if ("reason" in result) return leave(`AP.require stays, because a call inside it stays (${result.reason})`, result.suggestion);
        rewritten += result.rewritten;
      }
      const body = fn.body as Node;
      const statements: Node[] = body.type === "BlockStatement" ? body.body : [b.expressionStatement!(body)];
      if (statements[0] && statement!.node.comments?.length) ctx.set(statements[0], "comments", [...statement!.node.comments, ...(statements[0].comments ?? [])]);
      ctx.splice(list!.node, list!.key, list!.index!, 1, ...statements);
      ctx.relink(list!.node, list!.key);
      return { rewritten };
    });
    if (!("reason" in outcome)) return outcome;
    failure = outcome.reason;
  }

  // The call stays (for the modules apkit has no call for, or because its callback cannot take its place); the
  // modules inline, each on its own. A module with a use that cannot be rewritten stays, and its uses say why.
  const inlined: number[] = [];
  (fn.params as Node[]).forEach((param, i) => {
    if (!known(modules[i])) return;
    const result = inline(param);
    if (!("reason" in result)) return void inlined.push(i);
    for (const use of usesOf(param)) {
      if (!ctx.outcomes.has(use.root)) ctx.verdict(use.root, leave(`its module ${modules[i]} stays in AP.require, because one of its calls stays (${result.reason})`, result.suggestion));
    }
  });
  if (modulesArg!.type === "ArrayExpression") {
    for (const i of [...inlined].reverse()) {
      ctx.splice(fn, "params", i, 1);
      ctx.splice(modulesArg!, "elements", i, 1);
    }
  }
  // The same words on a second run, when the inlined modules are gone from the list.
  const reason = unknown.length > 0 ? `AP.require of ${unknown.join(", ")}: no apkit call stands for it` : why ? `AP.require stays: ${why}` : failure!;
  return { ...leave(reason, INLINE), keep: true };
}

// The callback's own declarations move to the enclosing scope: a name that is also used outside it would clash.
function clash(fn: Node, frame: { names: Map<string, { kind: string }> }, ctx: RewriteContext): string | undefined {
  for (const [name, binding] of frame.names) {
    if (binding.kind === "param") continue;
    if ((ctx.analysis.names.get(name) ?? 0) !== occurrences(fn, name)) return `the callback declares ${name}, a name also used around it`;
  }
  return undefined;
}

/** The uses a require rule owns (the transform leaves them to it). */
export function ownedByRequire(use: ApUse): boolean {
  return use.via === "require";
}
