/**
 * Finds every use of `AP` and every apkit call in a Babel AST, with the scopes that decide what a name means: `AP`
 * unbound (the global), `window.AP`, a parameter or import named `AP`, aliases (`const ap = AP`, `const { dialog } =
 * AP`, the parameters of `AP.require([...], fn)`), and names imported from apkit (or `APKit` in pages).
 *
 * One walk records scopes, declarations and references; resolution happens afterwards, so hoisted declarations and
 * later aliases are seen. Every visited node gets a pointer to its parent ({@link parentOf}), which the codemod's
 * rules use to climb from a use to its call and statement.
 */
import { REACT_HOOKS, REQUIRE_MODULES } from "./apCalls.js";
import type { Node } from "./parse.js";

/** Where a node sits: its parent, the parent's field holding it, and the index when that field is a list. */
export interface Link {
  node: Node;
  key: string;
  index?: number;
}

const PARENT = Symbol("apkit-migrate.parent");
const FRAME = Symbol("apkit-migrate.frame");

/** The link to a node's parent (`undefined` for the root, or a node made after the walk). */
export function parentOf(node: Node): Link | undefined {
  return (node as Record<symbol, Link | undefined>)[PARENT];
}

/** Points `node` at its parent (a rule calls {@link adopt} after building new nodes). */
function setParent(node: Node, link: Link | undefined): void {
  (node as Record<symbol, Link | undefined>)[PARENT] = link;
}

/** A declared name. */
export interface Binding {
  name: string;
  kind: "var" | "let" | "const" | "param" | "import" | "function" | "class" | "catch";
  frame: Frame;
  /** The identifier that declares it. */
  id: Node;
  /** For variables: the declarator; for imports: the import declaration. */
  declarator?: Node;
  /** Assigned after its declaration somewhere in the file. */
  assigned?: boolean;
  /** It holds `AP` or a part of it: the path under `AP` it stands for. */
  ap?: { prefix: string[]; via: Via };
  /** It is imported from apkit: the exported name, or `[]` for the whole namespace. */
  apkit?: { path: string[] };
}

/** A scope. */
export interface Frame {
  parent: Frame | undefined;
  names: Map<string, Binding>;
  /** Function scopes receive `var`s. */
  isFunction: boolean;
  node: Node;
}

/** How a use reached `AP`. */
export type Via = "global" | "window" | "param" | "import" | "alias" | "require" | "local";

/** A use of `AP`: where it starts and what it names. */
export interface ApUse {
  /** The identifier (`AP`, an alias) or the `window.AP` member where the use starts. */
  root: Node;
  /** The path under `AP` the root stands for (an alias's prefix; `[]` for `AP` itself). */
  prefix: string[];
  via: Via;
  /** The binding, for aliases and parameters. */
  binding?: Binding;
  /** Nesting depth of the root in the tree (the codemod rewrites deeper uses first). */
  depth: number;
}

/** A reference to apkit: an imported name, a namespace, or the page's `APKit`. */
export interface ApkitUse {
  root: Node;
  prefix: string[];
  /** `"page"`: `APKit` / `window.APKit`; `"module"`: imported. */
  from: "page" | "module";
}

/** What {@link analyze} found. */
export interface Analysis {
  uses: ApUse[];
  apkit: ApkitUse[];
  /** How often each name appears as a declaration or a reference (not as a property name). */
  names: Map<string, number>;
  /** The Program's scope. */
  program: Frame;
  /** The scope of a function, block or program node (after the walk). */
  frameOf(node: Node): Frame | undefined;
  /** Import declarations of the file, in order. */
  imports: Node[];
  /** `require("apkit")` declarators (CommonJS). */
  requires: Node[];
  /** Whether the file reads `require`/`module.exports`/`exports` (CommonJS). */
  commonJs: boolean;
  /** Declarators that make aliases of AP (`const ap = AP`, `const { dialog } = AP`). */
  aliasDeclarators: Set<Node>;
  /** The references (reads and writes) of each binding, in source order. */
  references: Map<Binding, Node[]>;
  /** The binding each reference resolves to (`undefined`: a global). */
  bindingOf: Map<Node, Binding | undefined>;
  /** The binding each declaring identifier makes. */
  declared: Map<Node, Binding>;
}

const SKIP = new Set([
  "loc", "start", "end", "extra", "range", "comments", "leadingComments", "trailingComments", "innerComments", "tokens",
  "original", "typeAnnotation", "typeParameters", "returnType", "superTypeParameters", "implements", "predicate",
  "decorators",
]);
const TYPE_ONLY = new Set([
  "TSInterfaceDeclaration", "TSTypeAliasDeclaration", "TSDeclareFunction", "TSDeclareMethod", "TSTypeAnnotation",
  "TSTypeParameterInstantiation", "TSTypeParameterDeclaration", "TSImportEqualsDeclaration", "TSExportAssignment",
  "InterfaceDeclaration", "TypeAlias", "OpaqueType", "DeclareVariable", "DeclareFunction", "DeclareClass",
  "DeclareModule", "TypeAnnotation", "TypeCastExpression", "DeclareTypeAlias", "DeclareOpaqueType", "DeclareExportDeclaration",
]);
const FUNCTIONS = new Set([
  "FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod",
]);
const GLOBAL_OBJECTS = new Set(["window", "globalThis", "self"]);
/** TypeScript wrappers a value passes through unchanged: `(window as any).AP`, `AP!.request`. */
export const WRAPPERS = new Set(["TSAsExpression", "TSNonNullExpression", "TSSatisfiesExpression", "TSTypeAssertion", "ParenthesizedExpression"]);

interface Ref {
  id: Node;
  frame: Frame;
  depth: number;
  write: boolean;
}

/** The name a member expression reads (`a.b`, `a["b"]`), or `undefined` when it is computed from a value. */
export function memberName(member: Node): string | undefined {
  const p = member.property;
  if (!member.computed) return p?.type === "Identifier" ? p.name : undefined;
  return p?.type === "StringLiteral" ? p.value : undefined;
}

/** Walks `file` (a `File` or `Program`) and resolves every use of `AP` and apkit. */
export function analyze(file: Node): Analysis {
  const program = file.type === "File" ? file.program : file;
  const refs: Ref[] = [];
  const declarators: { node: Node; frame: Frame }[] = [];
  const calls: { node: Node; frame: Frame }[] = [];
  const names = new Map<string, number>();
  const imports: Node[] = [];
  const declared = new Map<Node, Binding>();
  let commonJs = false;
  const count = (name: string) => names.set(name, (names.get(name) ?? 0) + 1);

  const newFrame = (parent: Frame | undefined, node: Node, isFunction: boolean): Frame => {
    const frame: Frame = { parent, names: new Map(), isFunction, node };
    (node as Record<symbol, Frame>)[FRAME] = frame;
    return frame;
  };
  const functionFrame = (frame: Frame): Frame => {
    let f = frame;
    while (!f.isFunction && f.parent) f = f.parent;
    return f;
  };
  const declare = (frame: Frame, id: Node, kind: Binding["kind"], declarator?: Node): Binding => {
    const binding: Binding = { name: id.name, kind, frame, id, ...(declarator ? { declarator } : {}) };
    // A later `var` of the same name is the same variable; the first declaration describes it.
    if (!frame.names.has(id.name)) frame.names.set(id.name, binding);
    count(id.name);
    declared.set(id, frame.names.get(id.name)!);
    return frame.names.get(id.name)!;
  };

  let depth = 0;
  const child = (node: Node | null | undefined, parent: Node, key: string, frame: Frame, index?: number) => {
    if (!node || typeof node.type !== "string") return;
    setParent(node, index === undefined ? { node: parent, key } : { node: parent, key, index });
    depth++;
    visit(node, frame);
    depth--;
  };
  const children = (node: Node, frame: Frame, skip?: string) => {
    for (const key in node) {
      if (SKIP.has(key) || key === skip) continue;
      const value = node[key];
      if (!value || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (value[i] && typeof value[i].type === "string") child(value[i], node, key, frame, i);
      } else if (typeof value.type === "string") child(value, node, key, frame);
    }
  };
  const statementsIn = (block: Node, frame: Frame) => {
    const body = block.body as Node[];
    for (let i = 0; i < body.length; i++) child(body[i], block, "body", frame, i);
  };

  // Declares the identifiers of a binding pattern; default values and computed keys inside it are references.
  const pattern = (node: Node | null | undefined, parent: Node, key: string, frame: Frame, kind: Binding["kind"], declarator?: Node, index?: number) => {
    if (!node) return;
    setParent(node, index === undefined ? { node: parent, key } : { node: parent, key, index });
    switch (node.type) {
      case "Identifier":
        declare(frame, node, kind, declarator);
        return;
      case "ObjectPattern":
        node.properties.forEach((p: Node, i: number) => {
          setParent(p, { node, key: "properties", index: i });
          if (p.type === "RestElement") pattern(p.argument, p, "argument", frame, kind, declarator);
          else {
            if (p.computed) child(p.key, p, "key", frame);
            pattern(p.value, p, "value", frame, kind, declarator);
          }
        });
        return;
      case "ArrayPattern":
        node.elements.forEach((e: Node | null, i: number) => pattern(e, node, "elements", frame, kind, declarator, i));
        return;
      case "RestElement":
        pattern(node.argument, node, "argument", frame, kind, declarator);
        return;
      case "AssignmentPattern":
        pattern(node.left, node, "left", frame, kind, declarator);
        child(node.right, node, "right", frame);
        return;
      case "TSParameterProperty":
        pattern(node.parameter, node, "parameter", frame, kind, declarator);
        return;
      default:
        // A member expression as an assignment target (`for (a.b of c)`).
        visit(node, frame);
    }
  };

  const visitFunction = (node: Node, frame: Frame) => {
    if (node.type === "FunctionDeclaration" && node.id) {
      setParent(node.id, { node, key: "id" });
      declare(frame, node.id, "function");
    }
    if (node.computed && node.key) child(node.key, node, "key", frame);
    const inner = newFrame(frame, node, true);
    if (node.type === "FunctionExpression" && node.id) {
      setParent(node.id, { node, key: "id" });
      declare(inner, node.id, "function");
    }
    node.params.forEach((p: Node, i: number) => pattern(p, node, "params", inner, "param", undefined, i));
    const body = node.body as Node;
    if (!body) return;
    setParent(body, { node, key: "body" });
    depth++;
    if (body.type === "BlockStatement") {
      (body as Record<symbol, Frame>)[FRAME] = inner;
      statementsIn(body, inner);
    } else visit(body, inner);
    depth--;
  };

  function visit(node: Node, frame: Frame): void {
    const type = node.type;
    if (TYPE_ONLY.has(type) || (type === "TSModuleDeclaration" && node.declare)) return;
    if (FUNCTIONS.has(type)) return visitFunction(node, frame);
    switch (type) {
      case "Identifier":
        refs.push({ id: node, frame, depth, write: false });
        count(node.name);
        if (node.name === "require" || node.name === "module" || node.name === "exports") commonJs ||= node.name !== "require" || parentOf(node)?.key === "callee";
        return;
      case "MemberExpression":
      case "OptionalMemberExpression":
      case "JSXMemberExpression":
        child(node.object, node, "object", frame);
        if (node.computed) child(node.property, node, "property", frame);
        return;
      case "ObjectProperty":
      case "ClassProperty":
      case "ClassAccessorProperty":
      case "ClassPrivateProperty":
        if (node.computed) child(node.key, node, "key", frame);
        child(node.value, node, "value", frame);
        return;
      case "VariableDeclaration": {
        if (node.declare) return;
        const target = node.kind === "var" ? functionFrame(frame) : frame;
        const kind = node.kind === "var" ? "var" : node.kind === "let" ? "let" : "const";
        node.declarations.forEach((d: Node, i: number) => {
          setParent(d, { node, key: "declarations", index: i });
          pattern(d.id, d, "id", target, kind, d);
          if (d.init) {
            child(d.init, d, "init", frame);
            declarators.push({ node: d, frame });
          }
        });
        return;
      }
      case "ClassDeclaration":
      case "ClassExpression":
        if (type === "ClassDeclaration" && node.id && !node.declare) {
          setParent(node.id, { node, key: "id" });
          declare(frame, node.id, "class");
        }
        child(node.superClass, node, "superClass", frame);
        child(node.body, node, "body", frame);
        return;
      case "ImportDeclaration":
        imports.push(node);
        if (node.importKind === "type" || node.importKind === "typeof") return;
        node.specifiers.forEach((s: Node, i: number) => {
          setParent(s, { node, key: "specifiers", index: i });
          if (s.importKind === "type" || s.importKind === "typeof") return;
          setParent(s.local, { node: s, key: "local" });
          declare(frame, s.local, "import", node);
        });
        return;
      case "ExportNamedDeclaration":
        if (node.exportKind === "type") return;
        child(node.declaration, node, "declaration", frame);
        if (!node.source) {
          node.specifiers.forEach((s: Node, i: number) => {
            setParent(s, { node, key: "specifiers", index: i });
            child(s.local, s, "local", frame);
          });
        }
        return;
      case "ExportAllDeclaration":
        return;
      case "LabeledStatement":
        child(node.body, node, "body", frame);
        return;
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateName":
        return;
      case "BlockStatement":
      case "StaticBlock":
        statementsIn(node, newFrame(frame, node, false));
        return;
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "SwitchStatement":
        children(node, newFrame(frame, node, false));
        return;
      case "CatchClause": {
        const inner = newFrame(frame, node, false);
        pattern(node.param, node, "param", inner, "catch");
        setParent(node.body, { node, key: "body" });
        (node.body as Record<symbol, Frame>)[FRAME] = inner;
        depth++;
        statementsIn(node.body, inner);
        depth--;
        return;
      }
      case "AssignmentExpression":
        if (node.left.type === "Identifier") {
          setParent(node.left, { node, key: "left" });
          refs.push({ id: node.left, frame, depth: depth + 1, write: true });
          count(node.left.name);
        } else child(node.left, node, "left", frame);
        child(node.right, node, "right", frame);
        return;
      case "UpdateExpression":
        if (node.argument.type === "Identifier") {
          setParent(node.argument, { node, key: "argument" });
          refs.push({ id: node.argument, frame, depth: depth + 1, write: true });
          count(node.argument.name);
        } else child(node.argument, node, "argument", frame);
        return;
      case "CallExpression":
      case "OptionalCallExpression":
        calls.push({ node, frame });
        children(node, frame);
        return;
      default:
        children(node, frame);
    }
  }

  const top = newFrame(undefined, program, true);
  setParent(program, undefined);
  statementsIn(program, top);

  const lookup = (frame: Frame, name: string): Binding | undefined => {
    for (let f: Frame | undefined = frame; f; f = f.parent) {
      const b = f.names.get(name);
      if (b) return b;
    }
    return undefined;
  };
  const bindingOf = new Map<Node, Binding | undefined>();
  const references = new Map<Binding, Node[]>();
  for (const ref of refs) {
    const b = lookup(ref.frame, ref.id.name);
    bindingOf.set(ref.id, b);
    if (!b) continue;
    if (ref.write) b.assigned = true;
    const list = references.get(b);
    if (list) list.push(ref.id);
    else references.set(b, [ref.id]);
  }

  // Imports from apkit, and `require("apkit")` in CommonJS.
  const isApkit = (source: unknown) => source === "apkit" || source === "apkit/react";
  for (const decl of imports) {
    if (!isApkit(decl.source.value) || decl.importKind === "type") continue;
    for (const s of decl.specifiers as Node[]) {
      const b = top.names.get(s.local.name);
      if (!b || s.importKind === "type") continue;
      if (s.type === "ImportSpecifier") b.apkit = { path: [s.imported.type === "StringLiteral" ? s.imported.value : s.imported.name] };
      else b.apkit = { path: [] };
    }
  }
  const requires: Node[] = [];
  for (const { node: d, frame } of declarators) {
    const init = unwrap(d.init);
    if (init.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require") continue;
    if (lookup(frame, "require") || init.arguments[0]?.type !== "StringLiteral" || !isApkit(init.arguments[0].value)) continue;
    requires.push(d);
    if (d.id.type === "Identifier") {
      const b = lookup(frame, d.id.name);
      if (b) b.apkit = { path: [] };
    } else if (d.id.type === "ObjectPattern") {
      for (const p of d.id.properties as Node[]) {
        if (p.type !== "ObjectProperty" || p.computed || p.value.type !== "Identifier") continue;
        const b = lookup(frame, p.value.name);
        if (b) b.apkit = { path: [p.key.type === "Identifier" ? p.key.name : p.key.value] };
      }
    }
  }

  // Which references are AP, repeated while new aliases appear (an alias of an alias, a module of AP.require).
  const rootOf = (id: Node): { root: Node; prefix: string[]; via: Via; binding?: Binding } | undefined => {
    const b = bindingOf.get(id);
    if (id.name === "AP") {
      if (!b) return { root: id, prefix: [], via: "global" };
      if (b.ap) return { root: id, prefix: b.ap.prefix, via: b.ap.via, binding: b };
      if (b.kind === "param" || b.kind === "import") return { root: id, prefix: [], via: b.kind, binding: b };
      return { root: id, prefix: [], via: "local", binding: b };
    }
    if (b?.ap) return { root: id, prefix: b.ap.prefix, via: b.ap.via, binding: b };
    if (!b && GLOBAL_OBJECTS.has(id.name)) {
      const member = outerOf(id);
      const link = parentOf(member);
      if (link && link.key === "object" && isMember(link.node) && memberName(link.node) === "AP") return { root: link.node, prefix: [], via: "window" };
    }
    return undefined;
  };
  const found = new Map<Node, ApUse>();
  const aliasDeclarators = new Set<Node>();
  const depthOf = new Map<Node, number>();
  for (const ref of refs) depthOf.set(ref.id, ref.depth);
  const resolveUses = () => {
    for (const ref of refs) {
      if (ref.write) continue;
      const r = rootOf(ref.id);
      if (!r || found.has(r.root)) continue;
      const depthHere = r.root === ref.id ? ref.depth : ref.depth - 1;
      found.set(r.root, { root: r.root, prefix: r.prefix, via: r.via, ...(r.binding ? { binding: r.binding } : {}), depth: depthHere });
    }
  };
  for (let round = 0; round < 6; round++) {
    resolveUses();
    let added = false;
    // Aliases: `const ap = AP`, `const events = AP.events`, `const { dialog } = window.AP`.
    for (const { node: d, frame } of declarators) {
      const chain = chainFrom(d.init, found);
      if (!chain) continue;
      const bind = (id: Node, path: string[]) => {
        const b = lookup(frame, id.name);
        if (!b || b.ap || b.declarator !== d || (b.assigned && b.kind !== "const")) return;
        b.ap = { prefix: path, via: "alias" };
        aliasDeclarators.add(d);
        added = true;
      };
      if (d.id.type === "Identifier") bind(d.id, chain);
      else if (d.id.type === "ObjectPattern") {
        for (const p of d.id.properties as Node[]) {
          if (p.type !== "ObjectProperty" || p.computed || p.value.type !== "Identifier") continue;
          bind(p.value, [...chain, p.key.type === "Identifier" ? p.key.name : p.key.value]);
        }
      }
    }
    // `AP.require(["request", "dialog"], function (request, dialog) {...})`: each parameter is that module.
    for (const { node: call } of calls) {
      const chain = chainFrom(call.callee, found);
      if (!chain || chain.join(".") !== "require") continue;
      const modules = requireModules(call.arguments[0]);
      const fn = call.arguments[1];
      if (!modules || !fn || !FUNCTIONS.has(fn.type)) continue;
      const frame = (fn as Record<symbol, Frame | undefined>)[FRAME];
      fn.params.forEach((p: Node, i: number) => {
        const space = modules[i] === undefined ? undefined : REQUIRE_MODULES[modules[i]!];
        const b = p.type === "Identifier" ? frame?.names.get(p.name) : undefined;
        if (!b || b.ap || space === undefined || b.assigned) return;
        b.ap = { prefix: [space], via: "require" };
        added = true;
      });
    }
    if (!added) break;
  }

  // apkit: imported names and namespaces, and the page's `APKit` / `window.APKit`.
  const apkit: ApkitUse[] = [];
  for (const ref of refs) {
    if (ref.write) continue;
    const b = bindingOf.get(ref.id);
    if (b?.apkit) apkit.push({ root: ref.id, prefix: b.apkit.path, from: "module" });
    else if (!b && ref.id.name === "APKit") apkit.push({ root: ref.id, prefix: [], from: "page" });
    else if (!b && GLOBAL_OBJECTS.has(ref.id.name)) {
      const member = outerOf(ref.id);
      const link = parentOf(member);
      if (link && link.key === "object" && isMember(link.node) && memberName(link.node) === "APKit") apkit.push({ root: link.node, prefix: [], from: "page" });
    }
  }

  const uses = [...found.values()];
  return {
    uses,
    apkit,
    names,
    program: top,
    frameOf: (node) => (node as Record<symbol, Frame | undefined>)[FRAME],
    imports,
    requires,
    commonJs,
    aliasDeclarators,
    references,
    bindingOf,
    declared,
  };
}

/** A node without the TypeScript wrappers around it (`(x as any)`, `x!`). */
export function unwrap(node: Node): Node {
  let n = node;
  while (n && WRAPPERS.has(n.type)) n = n.expression;
  return n;
}

/** The outermost wrapper around `node` (`(window as any)` for `window`). */
export function outerOf(node: Node): Node {
  let n = node;
  for (let link = parentOf(n); link && WRAPPERS.has(link.node.type) && link.key === "expression"; link = parentOf(n)) n = link.node;
  return n;
}

/** A member expression (optional or not). */
export function isMember(node: Node | undefined): boolean {
  return !!node && (node.type === "MemberExpression" || node.type === "OptionalMemberExpression");
}

/** The module names of `AP.require`'s first argument, when every one is a string literal. */
export function requireModules(arg: Node | undefined): string[] | undefined {
  if (!arg) return undefined;
  if (arg.type === "StringLiteral") return [arg.value];
  if (arg.type !== "ArrayExpression") return undefined;
  const names: string[] = [];
  for (const e of arg.elements as (Node | null)[]) {
    if (!e || e.type !== "StringLiteral") return undefined;
    names.push(e.value);
  }
  return names;
}

// The AP path an expression names (`AP.events`, `window.AP`, an alias), when it is a plain chain of member reads.
function chainFrom(expr: Node | undefined, found: Map<Node, ApUse>): string[] | undefined {
  if (!expr) return undefined;
  const path: string[] = [];
  let n = unwrap(expr);
  while (!found.has(n)) {
    if (!isMember(n)) return undefined;
    const name = memberName(n);
    if (name === undefined) return undefined;
    path.unshift(name);
    n = unwrap(n.object);
  }
  return [...found.get(n)!.prefix, ...path];
}

/** The member chain from a use's root: the path it names, its outermost node, and the call when it is called. */
export interface Chain {
  path: string[];
  /** The outermost member node (or the root). */
  top: Node;
  /** The call whose callee is `top`. */
  call?: Node;
  optional: boolean;
}

/** Reads the chain that starts at `root` (with `prefix`, the path the root stands for), from the current tree. */
export function chainOf(root: Node, prefix: readonly string[]): Chain {
  const path = [...prefix];
  let top = root;
  let optional = false;
  for (;;) {
    const link = parentOf(top);
    if (!link) break;
    if (WRAPPERS.has(link.node.type) && link.key === "expression") {
      top = link.node;
      continue;
    }
    if (!isMember(link.node) || link.key !== "object") break;
    const name = memberName(link.node);
    if (name === undefined) break;
    if (link.node.optional) optional = true;
    path.push(name);
    top = link.node;
  }
  const link = parentOf(top);
  const call = link && link.key === "callee" && (link.node.type === "CallExpression" || link.node.type === "OptionalCallExpression") ? link.node : undefined;
  if (call?.optional) optional = true;
  return { path, top, ...(call ? { call } : {}), optional };
}

/**
 * Re-links `node` to its parent after a rule built or moved nodes: new nodes (made by the rules, without a source
 * position) down to the original nodes inside them, whose own subtrees are intact.
 */
export function adopt(node: Node, link: Link | undefined): void {
  setParent(node, link);
  if (typeof node.start === "number") return;
  for (const key in node) {
    if (SKIP.has(key)) continue;
    const value = node[key];
    if (!value || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      value.forEach((v, index) => v && typeof v.type === "string" && adopt(v, { node, key, index }));
    } else if (typeof value.type === "string") adopt(value, { node, key });
  }
}

/**
 * Whether a use is the value an alias is declared with (`const ap = AP`, `const { dialog } = AP`): the alias's own
 * uses are what is reported and rewritten, not the line that makes it.
 */
export function isAliasSource(use: ApUse, analysis: Analysis): boolean {
  let node = chainOf(use.root, use.prefix).top;
  let link = parentOf(node);
  while (link && WRAPPERS.has(link.node.type)) {
    node = link.node;
    link = parentOf(node);
  }
  return !!link && link.key === "init" && analysis.aliasDeclarators.has(link.node);
}

/** The name of an apkit hook for a path (`["useRequest"]`), if it is one. */
export function hookOf(path: readonly string[]): string | undefined {
  return path.length === 1 && Object.prototype.hasOwnProperty.call(REACT_HOOKS, path[0]!) ? path[0] : undefined;
}
