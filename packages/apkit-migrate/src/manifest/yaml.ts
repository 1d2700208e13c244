/**
 * manifest.yml as text. A new manifest gets comments saying what each part replaces and what is left to do; a
 * manifest from an earlier run is edited in place, so the developer's own comments and order survive.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, YAMLMap, YAMLSeq } from "yaml";
import type { MigrateResult } from "./migrate.js";

type Comments = Map<string, string>;

/** The comments a written manifest carries, by path ("app.id", "modules.jira:issuePanel.triage-panel"). */
function commentsOf(result: MigrateResult): Comments {
  const { manifest, report } = result;
  const comments: Comments = new Map();
  if (report.placeholderAppId) comments.set("app.id", " PLACEHOLDER: `forge register` writes the app's real id here (Forge refuses to deploy this one).");
  comments.set("app.runtime", ` Required by the manifest schema, even without Forge functions (${manifest.app.runtime?.name}: Forge refuses nodejs20.x since May 2026).`);
  comments.set("app.connect", " The Connect app this Forge app takes over: its installations, app properties and remaining modules.");
  for (const moved of report.moved) {
    if (moved.forgeType === "resource") continue;
    comments.set(`modules.${moved.forgeType}.${moved.key}`, ` Replaces the Connect ${moved.connectType} module "${moved.key}".`);
  }
  for (const moved of report.moved) {
    for (const page of moved.pages) {
      const what = moved.forgeType === "resource" ? `the Connect dialog "${moved.key}" (opened as a Modal)` : `"${moved.key}"`;
      comments.set(`resources.${page.resource}`, ` The page of ${what}, ${page.url}: build it into this directory (index.html).`);
    }
  }
  const remote = manifest.app.connect?.remote;
  if (remote) {
    comments.set(
      `remotes.${remote}`,
      " The app's backend (the descriptor's baseUrl): Connect's callbacks and signed calls go to it, and apFetch on Forge\n pages reaches it with requestRemote (a Forge Invocation Token instead of a context JWT). requestRemote carries no\n tokens and remotes.auth only serves Forge functions: the backend keeps its Connect credentials.",
    );
  }
  const byType = new Map<string, string[]>();
  for (const staying of report.staying) {
    const type = `${report.product}:${staying.connectType}`;
    const reasons = byType.get(type) ?? [];
    if (!reasons.includes(staying.reason)) reasons.push(staying.reason);
    byType.set(type, reasons);
  }
  for (const [type, reasons] of byType) comments.set(`connectModules.${type}`, ` Not moved: ${reasons.join("; ")}.`);
  if (manifest.permissions?.scopes?.length) {
    comments.set("permissions.scopes", " Forge scopes for what the moved pages may call (what the Connect scopes allowed), then the Connect\n scopes themselves (<scope>:connect-<product>) for the Connect parts that remain.");
  }
  return comments;
}

/** A key of a sequence item, for matching it across runs and naming it in comment paths. */
function itemKey(value: unknown): string | undefined {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const key = (value as { key?: unknown }).key;
    return typeof key === "string" ? key : undefined;
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

function nodeKey(node: unknown): string | undefined {
  if (isMap(node)) {
    const key = node.get("key");
    return typeof key === "string" ? key : undefined;
  }
  return isScalar(node) ? String(node.value) : undefined;
}

function create(doc: Document, value: unknown, path: string, comments: Comments): Node {
  const node = doc.createNode(value) as Node;
  decorate(node, path, comments);
  return node;
}

/** Puts the comments under `path` on a freshly created node and its children. */
function decorate(node: Node, path: string, comments: Comments): void {
  if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node>[]) {
      const childPath = `${path}${path ? "." : ""}${String((pair.key as { value?: unknown }).value)}`;
      const comment = comments.get(childPath);
      if (comment && isScalar(pair.key)) pair.key.commentBefore = comment;
      if (pair.value) decorate(pair.value, childPath, comments);
    }
  } else if (isSeq(node)) {
    for (const item of node.items as Node[]) {
      const key = nodeKey(item);
      const childPath = key === undefined ? path : `${path}.${key}`;
      const comment = key === undefined ? undefined : comments.get(childPath);
      if (comment) item.commentBefore = comment;
      if (key !== undefined) decorate(item, childPath, comments);
    }
  }
}

/** Makes `node` hold `value`, keeping the nodes (and comments) of what did not change. */
function reconcile(doc: Document, node: Node | null | undefined, value: unknown, path: string, comments: Comments): Node {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    if (!isMap(node)) return create(doc, value, path, comments);
    const entries = Object.entries(value as Record<string, unknown>);
    node.items = (node.items as Pair<Node, Node>[]).filter((pair) => entries.some(([key]) => key === String((pair.key as { value?: unknown }).value)));
    for (const [key, child] of entries) {
      const childPath = `${path}${path ? "." : ""}${key}`;
      const pair = (node.items as Pair<Node, Node>[]).find((candidate) => String((candidate.key as { value?: unknown }).value) === key);
      if (pair) {
        pair.value = reconcile(doc, pair.value, child, childPath, comments);
      } else {
        const created = doc.createPair(key, null) as Pair<Node, Node>;
        created.value = create(doc, child, childPath, comments);
        const comment = comments.get(childPath);
        if (comment && isScalar(created.key)) created.key.commentBefore = comment;
        (node as YAMLMap).items.push(created as Pair<unknown, unknown>);
      }
    }
    return node;
  }
  if (Array.isArray(value)) {
    if (!isSeq(node)) return create(doc, value, path, comments);
    const old = [...(node.items as Node[])];
    node.items = value.map((child) => {
      const key = itemKey(child);
      const index = key === undefined ? -1 : old.findIndex((candidate) => nodeKey(candidate) === key);
      const childPath = key === undefined ? path : `${path}.${key}`;
      if (index === -1) {
        const created = create(doc, child, childPath, comments);
        const comment = key === undefined ? undefined : comments.get(childPath);
        if (comment) created.commentBefore = comment;
        return created;
      }
      const [match] = old.splice(index, 1);
      return reconcile(doc, match, child, childPath, comments);
    });
    return node as YAMLSeq as Node;
  }
  if (isScalar(node)) {
    if (node.value !== value) node.value = value;
    return node;
  }
  return create(doc, value, path, comments);
}

/**
 * The manifest of `result` as YAML: edited into `previous` (the text of the manifest it was read from) when there is
 * one, otherwise a new document with comments.
 *
 * @example
 * ```ts
 * const text = manifestYaml(migrateManifest({ descriptor }, { moveUi: true }), undefined, "atlassian-connect.json");
 * ```
 */
export function manifestYaml(result: MigrateResult, previous: string | undefined, source: string): string {
  const comments = commentsOf(result);
  if (previous !== undefined) {
    const doc = parseDocument(previous);
    doc.contents = reconcile(doc, doc.contents as Node, result.manifest, "", comments) as typeof doc.contents;
    return doc.toString({ lineWidth: 0 });
  }
  const doc = new Document();
  doc.contents = create(doc, result.manifest, "", comments) as typeof doc.contents;
  doc.commentBefore = [
    ` The Forge manifest of the Connect app "${result.report.appKey}", written by apkit-migrate from ${source}.`,
    " Move more Connect modules with `apkit-migrate manifest manifest.yml --move KEY`; check the pages against it with",
    " `apkit-migrate verify manifest.yml <the pages' sources>`; validate with `forge lint`.",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}
