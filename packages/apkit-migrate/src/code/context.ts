/**
 * What the rewrite rules share: node builders, how apkit is reached from this block (an import or `window.APKit`),
 * where a value goes (is it discarded?), and mutations that can be rolled back, so a rule made of several steps
 * either happens whole or not at all.
 */
import jscodeshift from "jscodeshift";
import { adopt, parentOf, unwrap, WRAPPERS, type Analysis, type ApUse, type Binding, type Chain } from "../shared/analyze.js";
import type { RawMethod } from "../shared/apCalls.js";
import type { Node } from "../shared/parse.js";
import type { ModuleKind } from "../shared/sources.js";

/** recast's builders (`b.callExpression(...)`). */
export const b = jscodeshift as unknown as Record<string, (...args: any[]) => Node>;

/** A use as a rule sees it: the use, its chain read from the current tree, its normalised path and table entry. */
export interface Site {
  use: ApUse;
  chain: Chain;
  path: string[];
  entry: RawMethod | undefined;
}

/** A use left as it was: why, and what to do instead. */
export interface Left {
  reason: string;
  suggestion: string;
  /** The use stays, but what the rule rewrote around it stays too (an AP.require that keeps modules apkit lacks). */
  keep?: true;
}

/** A rule's verdict: the use was rewritten, or left. */
export type Outcome = { rewritten: number } | Left;

/** A rule. It mutates only through the context's methods, so a failed composite rewrite rolls back. */
export type Rule = (site: Site, ctx: RewriteContext) => Outcome;

type Undo = () => void;

/** The context of one block's rewrite. */
export class RewriteContext {
  private undo: Undo[] = [];
  /** apkit names this block needs, by exported name → local name. */
  readonly needed = new Map<string, string>();
  /** The exported names already imported from apkit, by exported name → local name. */
  readonly imported = new Map<string, string>();
  /** The local name of `import * as apkit from "apkit"` (or `const apkit = require("apkit")`), when there is one. */
  namespace: string | undefined;
  /** The identifiers the rules made for each imported name (renamed at the end when a wanted name becomes free). */
  readonly made = new Map<string, Node[]>();
  /** The `AP.events.on/once` calls seen so far, with their arguments as written (the off rule pairs with them). */
  readonly subscriptions: { root: Node; args: Node[] }[] = [];
  /** Each use's verdict so far, by its root node (set with {@link verdict}, so a rolled-back rule takes it back). */
  readonly outcomes = new Map<Node, Outcome>();

  /** Records a use's verdict. */
  verdict(root: Node, outcome: Outcome): void {
    const had = this.outcomes.get(root);
    this.outcomes.set(root, outcome);
    this.undo.push(() => (had ? this.outcomes.set(root, had) : this.outcomes.delete(root)));
  }
  /** Rewrites one more use (set by the transform: composite rules rewrite the uses inside them). */
  run: (use: ApUse) => Outcome = () => {
    throw new Error("apkit-migrate: no runner");
  };

  constructor(
    readonly analysis: Analysis,
    readonly module: ModuleKind,
  ) {}

  // ---- reaching apkit -------------------------------------------------------------------------------------------

  /**
   * An expression for the apkit call `call` ("dialog.open", "request"): `dialog.open` with `dialog` imported (under
   * another name when the file already uses `dialog` for something else), or `APKit.dialog.open` in a page.
   */
  apkit(call: string): Node {
    const [head, ...rest] = call.split(".") as [string, ...string[]];
    let expr: Node;
    if (this.module === "page" || (this.namespace && !this.imported.has(head))) {
      expr = b.memberExpression!(b.identifier!(this.module === "page" ? "APKit" : this.namespace!), b.identifier!(head));
    } else {
      expr = b.identifier!(this.local(head));
      if (!this.imported.has(head)) {
        const made = this.made.get(head);
        if (made) made.push(expr);
        else this.made.set(head, [expr]);
      }
    }
    for (const name of rest) expr = b.memberExpression!(expr, b.identifier!(name));
    return expr;
  }

  /** The local name under which `name` is imported from apkit (chosen, and registered, on first use). */
  local(name: string): string {
    const known = this.imported.get(name) ?? this.needed.get(name);
    if (known) return known;
    const before = this.needed.size;
    let local = name;
    if (this.analysis.names.has(name)) {
      local = `ap${name[0]!.toUpperCase()}${name.slice(1)}`;
      for (let i = 2; this.analysis.names.has(local) || [...this.needed.values()].includes(local); i++) local = `ap${name[0]!.toUpperCase()}${name.slice(1)}${i}`;
    }
    this.needed.set(name, local);
    this.undo.push(() => {
      if (this.needed.size > before) this.needed.delete(name);
    });
    return local;
  }

  // ---- mutations ------------------------------------------------------------------------------------------------

  /**
   * What the rules changed, for printing only that again: an original node whose whole place now holds another
   * (`slots`: the original → what stands there now), and nodes changed in place (`touched`: a field set, a list
   * spliced).
   */
  readonly slots = new Map<Node, Node>();
  readonly touched = new Set<Node>();
  /**
   * Items taken out of a list of an original node, with the list as it was, when that is all that changed in the
   * node (print.ts cuts them out of its text).
   */
  readonly removed = new Map<Node, { item: Node; list: Node[] }[]>();

  /** Sets `node[key]` (recorded, so {@link transaction} can undo it). */
  set(node: Node, key: string, value: unknown): void {
    const old = node[key];
    node[key] = value;
    if (isNode(value)) adopt(value, { node, key });
    if (!this.slot(old, value)) this.touch(node, false);
    this.undo.push(() => {
      node[key] = old;
    });
  }

  /** Replaces `node` where it stands (its parent's field or list slot) with `replacement`. */
  replace(node: Node, replacement: Node): void {
    const link = parentOf(node);
    if (!link) throw new Error("apkit-migrate: cannot replace the root");
    if (link.index === undefined) this.set(link.node, link.key, replacement);
    else this.splice(link.node, link.key, link.index, 1, replacement);
    adopt(replacement, link);
    this.undo.push(() => adopt(node, link));
  }

  /** Splices the list `owner[key]` (recorded). */
  splice(owner: Node, key: string, start: number, remove: number, ...items: Node[]): void {
    const list = owner[key] as Node[];
    const before = [...list];
    const removed = list.splice(start, remove, ...items);
    this.undo.push(() => {
      list.splice(0, list.length, ...before);
    });
    if (remove === 1 && items.length === 1 && this.slot(removed[0], items[0])) return;
    const removal = items.length === 0 && removed.every((r) => typeof r.start === "number");
    this.touch(owner, removal);
    if (removal && this.removed.has(owner)) {
      const had = this.removed.get(owner)!;
      this.removed.set(owner, [...had, ...removed.map((item) => ({ item, list: before }))]);
      this.undo.push(() => this.removed.set(owner, had));
    }
  }

  // An original node replaced by another where it stood: printed as that place. False when it is not that.
  private slot(old: unknown, value: unknown): boolean {
    if (!isNode(old) || typeof old.start !== "number" || !isNode(value) || old === value || this.slots.has(old)) return false;
    this.slots.set(old, value);
    this.undo.push(() => this.slots.delete(old));
    return true;
  }

  // `node` changed in place. A node whose only changes are removals of original items keeps a list of them (print.ts
  // cuts them out of its text); any other change makes it one recast prints whole.
  private touch(node: Node, removal: boolean): void {
    const first = !this.touched.has(node);
    if (first) {
      this.touched.add(node);
      this.undo.push(() => this.touched.delete(node));
    }
    if (removal && first) {
      this.removed.set(node, []);
      this.undo.push(() => this.removed.delete(node));
    } else if (!removal && this.removed.has(node)) {
      const had = this.removed.get(node)!;
      this.removed.delete(node);
      this.undo.push(() => this.removed.set(node, had));
    }
  }

  /** Re-links a list's items to their parent after a splice. */
  relink(parent: Node, key: string): void {
    const list = parent[key] as Node[];
    list.forEach((item, index) => adopt(item, { node: parent, key, index }));
  }

  /**
   * Runs `step`; when it returns a reason (the rewrite is not safe after all), every mutation and import it made is
   * undone and the reason returned (unless the reason says to keep them).
   */
  transaction<T extends Outcome>(step: () => T): T {
    const mark = this.undo.length;
    const outcome = step();
    if ("reason" in outcome && !outcome.keep) {
      while (this.undo.length > mark) this.undo.pop()!();
    }
    return outcome;
  }

  // ---- reading the tree -----------------------------------------------------------------------------------------

  /** Where the value of `expr` goes: discarded by a statement, returned by an arrow's body, or used. */
  valueGoes(expr: Node): "statement" | "arrow" | "effect" | "awaited" | "used" {
    let node = expr;
    for (;;) {
      const link = parentOf(node);
      if (!link) return "used";
      const p = link.node;
      if (WRAPPERS.has(p.type)) node = p;
      else if (p.type === "ExpressionStatement") return "statement";
      else if (p.type === "UnaryExpression" && p.operator === "void") return "statement";
      else if (p.type === "SequenceExpression") {
        if (link.index !== p.expressions.length - 1) return "statement";
        node = p;
      } else if ((p.type === "LogicalExpression" && link.key === "right") || (p.type === "ConditionalExpression" && link.key !== "test")) node = p;
      else if (p.type === "AwaitExpression") return parentOf(p)?.node.type === "ExpressionStatement" ? "awaited" : "used";
      else if (p.type === "ArrowFunctionExpression" && link.key === "body") return isEffect(p) ? "effect" : isExecutor(p) ? "statement" : "arrow";
      // What a Promise executor returns is dropped: `new Promise((resolve) => { return AP.context.getToken(resolve); })`.
      else if (p.type === "ReturnStatement" && isExecutor(enclosingFunction(p))) return "statement";
      else return "used";
    }
  }

  /** The references of a binding that are still in the tree. */
  referencesOf(binding: Binding): Node[] {
    return (this.analysis.references.get(binding) ?? []).filter(attached);
  }
}

const isNode = (v: unknown): v is Node => !!v && typeof v === "object" && typeof (v as Node).type === "string";

/** Whether a node is still part of the tree (every link up to the program holds it). */
export function attached(node: Node): boolean {
  let n = node;
  for (let link = parentOf(n); link; link = parentOf(n)) {
    const held = link.index === undefined ? link.node[link.key] : link.node[link.key]?.[link.index];
    if (held !== n) return false;
    n = link.node;
  }
  return n.type === "Program";
}

// The function a statement is in.
function enclosingFunction(node: Node): Node | undefined {
  for (let link = parentOf(node); link; link = parentOf(link.node)) {
    if (/Function|Method/.test(link.node.type)) return link.node;
  }
  return undefined;
}

// The first argument of `new Promise(...)`.
function isExecutor(fn: Node | undefined): boolean {
  const link = fn && parentOf(fn);
  return !!link && link.key === "arguments" && link.index === 0 && link.node.type === "NewExpression" && link.node.callee.type === "Identifier" && link.node.callee.name === "Promise";
}

// `useEffect(() => ...)`: React runs what the arrow returns as the effect's cleanup.
function isEffect(arrow: Node): boolean {
  const link = parentOf(arrow);
  if (!link || link.key !== "arguments" || link.index !== 0) return false;
  const callee = unwrap(link.node.callee);
  const name = callee.type === "Identifier" ? callee.name : callee.type === "MemberExpression" && !callee.computed ? callee.property.name : "";
  return /^use(Layout|Insertion)?Effect$/.test(name);
}

/** `void <expr>`, for a value an effect's arrow must not return. */
export function voided(expr: Node): Node {
  return b.unaryExpression!("void", expr, true);
}

/** `<expr>.then(...args)`. */
export function thenOf(expr: Node, ...args: Node[]): Node {
  return b.callExpression!(b.memberExpression!(expr, b.identifier!("then")), args);
}

/** Whether an expression is a function the rules can pass on as is (a function, an arrow, a name, a member). */
export function isCallable(node: Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return ["FunctionExpression", "ArrowFunctionExpression", "Identifier", "MemberExpression"].includes(n.type);
}
