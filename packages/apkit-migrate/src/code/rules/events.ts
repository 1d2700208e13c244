/**
 * `AP.events.off(name, fn)` → `events.off(name, fn)`. apkit's `off` removes apkit's own subscriptions, so the
 * rewrite needs the matching `AP.events.on(name, fn)` (or `once`) of this file to have become apkit's too: the pair
 * moves together or not at all. An `off` with no `on` in the file (the listener was subscribed elsewhere) stays.
 */
import { unwrap } from "../../shared/analyze.js";
import type { Node } from "../../shared/parse.js";
import type { Outcome, RewriteContext, Site } from "../context.js";
import { fireRule, leave } from "./basic.js";

/** Whether two expressions name the same thing: the same binding, or the same member chain of names. */
function same(a: Node | undefined, b: Node | undefined, ctx: RewriteContext): boolean {
  if (!a || !b) return false;
  const x = unwrap(a);
  const y = unwrap(b);
  if (x.type !== y.type) return false;
  switch (x.type) {
    case "StringLiteral":
      return x.value === y.value;
    case "Identifier": {
      const bx = ctx.analysis.bindingOf.get(x);
      const by = ctx.analysis.bindingOf.get(y);
      return x.name === y.name && bx === by;
    }
    case "ThisExpression":
      return true;
    case "MemberExpression":
      return !x.computed && !y.computed && x.property.name === y.property.name && same(x.object, y.object, ctx);
    default:
      return false;
  }
}

/**
 * The `on`/`once` subscriptions of this file with the same event name and listener as `off`, with whether each was
 * rewritten (`outcomes` holds the rules' verdicts so far).
 */
function pairsOf(site: Site, ctx: RewriteContext, outcomes: Map<Node, Outcome>): { rewritten: boolean }[] {
  const [name, listener] = site.chain.call!.arguments as Node[];
  const pairs: { rewritten: boolean }[] = [];
  // A rewritten `on` no longer has its raw call: its arguments are those noted at its turn.
  for (const { root, args } of ctx.subscriptions) {
    const outcome = outcomes.get(root);
    if (!outcome || !same(args[0], name, ctx) || !same(args[1], listener, ctx)) continue;
    pairs.push({ rewritten: "rewritten" in outcome });
  }
  return pairs;
}

/** Notes the arguments of an `AP.events.on/once` use before it is rewritten (the off rule runs after it). */
export function noteSubscription(site: Site, ctx: RewriteContext): void {
  const path = site.path.join(".");
  if ((path === "events.on" || path === "events.once") && site.chain.call) ctx.subscriptions.push({ root: site.use.root, args: [...site.chain.call.arguments] });
}

/** `AP.events.off(name, fn)`, run after every other use of the file. */
export function eventsOffRule(site: Site, ctx: RewriteContext, outcomes: Map<Node, Outcome>): Outcome {
  const pairs = pairsOf(site, ctx, outcomes);
  if (pairs.length === 0) return leave("no AP.events.on of the same name and listener in this file: it was subscribed elsewhere", "rewrite it with the file that subscribes, as events.off(name, fn) or the unsubscribe function events.on returns");
  if (pairs.some((p) => !p.rewritten)) return leave("its AP.events.on stays raw, and apkit's off removes only apkit's own subscriptions", "rewrite the on first");
  return fireRule(site, ctx);
}
