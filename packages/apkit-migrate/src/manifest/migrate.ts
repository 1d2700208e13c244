/**
 * From a Connect descriptor, or a Forge manifest that still has `connectModules`, to a Forge manifest with the
 * requested Connect modules moved to Forge modules. A pure function of its input: the same app reached in several
 * runs (`--move A`, then `--move B` on the result) is the same manifest as in one (`--move A,B`).
 */
import { createHash } from "node:crypto";
import type { ForgeDialog, ForgeOptions } from "apkit/forge";
import { contextParametersOf, type ContextParameter } from "./contextParameters.js";
import { MigrateError } from "./errors.js";
import { MAPPINGS, reasonToStay, type MoveContext, type Moved, type Page } from "./mappings.js";
import { environmentVariableFor, findPlaceholders, hasPlaceholder, type Placeholder } from "./placeholders.js";
import { connectScopeFromForge, connectScopeInForge, forgeScopesFor } from "./scopes.js";
import type { ConnectDescriptor, ConnectModule, ForgeManifest, ForgeModule, ForgeResource, ForgeRemote, Product } from "./types.js";

/** What to move, and where the pages go. */
export interface MigrateOptions {
  /** Connect module keys to move. */
  move?: readonly string[];
  /** Move every Connect UI module that has a Forge equivalent (and every dialog). */
  moveUi?: boolean;
  /** The directory the resources' pages are built into, relative to the manifest. @default "resources" */
  resources?: string;
  /** Jira or Confluence, when the descriptor does not tell. */
  product?: Product;
}

/** A Connect module moved in this run. */
export interface MovedModule {
  connectType: string;
  key: string;
  /** The Forge module type, or "resource" for a dialog. */
  forgeType: string;
  /** The Custom UI resources it uses, with the Connect page each must hold. */
  pages: Page[];
  /** The Connect URL context parameters of its pages, and what the page reads on Forge instead. */
  contextParameters: ContextParameter[];
  todos: string[];
  /** Where Atlassian documents the equivalence. */
  source: string;
}

/** A Connect module left in connectModules, and why. */
export interface StayingModule {
  connectType: string;
  key: string;
  reason: string;
}

/** Everything a developer must know about one run. */
export interface MigrationReport {
  product: Product;
  appKey: string;
  /** The app id is Forge's placeholder: `forge register` writes the real one. */
  placeholderAppId: boolean;
  runtime: { name: string; replaced?: string };
  moved: MovedModule[];
  staying: StayingModule[];
  /** `--move` keys that stayed (with the reason). */
  refused: StayingModule[];
  placeholders: Placeholder[];
  /** Placeholders turned into Forge manifest environment variables (where Forge's schema needs a literal). */
  environment: { name: string; default?: string; replaces: string; at: string }[];
  notes: string[];
}

/** The result of {@link migrateManifest}. */
export interface MigrateResult {
  manifest: ForgeManifest;
  report: MigrationReport;
  /** The options of apkit/forge's `forge()` that the app's start-up line needs for this manifest. */
  forgeOptions: ForgeOptions;
}

/** What apkit-migrate reads: a Connect descriptor, or a Forge manifest from an earlier run. */
export type MigrationInput = { descriptor: ConnectDescriptor } | { manifest: ForgeManifest };

/** Forge's placeholder app id: `forge register` replaces it (the same one Atlassian's connect-to-forge writes, so its
 *  adoption-status tool recognises it, W002). */
export const PLACEHOLDER_APP_ID = "ari:cloud:ecosystem::app/invalid-run-forge-register";
/** The runtime written: the newest @forge/manifest 13.7.0 accepts and Atlassian documents
 *  (https://developer.atlassian.com/platform/forge/js-api-reference, "nodejs24.x | nodejs22.x | nodejs20.x");
 *  Forge refuses to deploy nodejs20.x since May 2026. */
export const RUNTIME = "nodejs24.x";
const KEPT_RUNTIMES = ["nodejs22.x", "nodejs24.x"];
const REMOTE = "connect";

interface Entry {
  type: string;
  module: ConnectModule;
}

interface State {
  product: Product;
  appKey: string;
  baseUrl: string | Record<string, string>;
  jwt: boolean;
  connectScopes: string[];
  entries: Entry[];
  /** What the input manifest already had (empty for a descriptor). */
  existing: ForgeManifest | undefined;
  placeholders: Placeholder[];
  notes: string[];
  /** app fields the descriptor sets (licensing). */
  app: Record<string, unknown>;
}

const asArray = (value: unknown): ConnectModule[] => (Array.isArray(value) ? value : value && typeof value === "object" ? [value as ConnectModule] : []);

// Module types and webhook events that only one product has, to tell Jira from Confluence (Connect descriptors do
// not name their product; connect-to-forge asks for --type).
const JIRA_ONLY = /^(jira[A-Z]|serviceDesk)/;
const CONFLUENCE_ONLY = new Set(["dynamicContentMacros", "staticContentMacros", "spaceToolsTabs", "contentBylineItems", "customContent", "blueprints", "confluenceContentProperties", "confluenceThemes", "publishConditions"]);

function productOf(descriptor: ConnectDescriptor): Product | undefined {
  const votes = { jira: 0, confluence: 0 };
  for (const [type, value] of Object.entries(descriptor.modules ?? {})) {
    if (JIRA_ONLY.test(type)) votes.jira++;
    if (CONFLUENCE_ONLY.has(type)) votes.confluence++;
    for (const module of asArray(value)) {
      const text = `${module.location ?? ""} ${module.url ?? ""} ${(module as { event?: string }).event ?? ""}`;
      if (/atl\.jira|jira\.|\{(issue|project)\.|jira:/.test(text)) votes.jira++;
      if (/system\.content|confluence|\{(content|space|page|macro)\.|(page|blog|space|comment)_/.test(text)) votes.confluence++;
    }
  }
  const scopes = (descriptor.scopes ?? []).map((scope) => scope.toUpperCase());
  if (scopes.includes("PROJECT_ADMIN")) votes.jira += 2;
  if (scopes.includes("SPACE_ADMIN")) votes.confluence += 2;
  if (votes.jira === votes.confluence) return undefined;
  return votes.jira > votes.confluence ? "jira" : "confluence";
}

function fromDescriptor(descriptor: ConnectDescriptor, product: Product | undefined): State {
  if (!descriptor || typeof descriptor.key !== "string" || !descriptor.key) throw new MigrateError("ERR_MIGRATE_INPUT", "the descriptor has no key");
  if (typeof descriptor.baseUrl !== "string") throw new MigrateError("ERR_MIGRATE_INPUT", "the descriptor has no baseUrl");
  const which = product ?? productOf(descriptor);
  if (!which) throw new MigrateError("ERR_MIGRATE_PRODUCT", "cannot tell whether this descriptor is for Jira or Confluence: pass --product jira or --product confluence");
  const entries: Entry[] = [];
  const notes: string[] = [];
  const lifecycle = { ...(descriptor.lifecycle ?? {}) };
  if (lifecycle["dare-migration"]) {
    delete lifecycle["dare-migration"];
    notes.push("the dare-migration lifecycle hook is not a Connect module on Forge: declare migration:dataResidency (Forge calls it without a Connect JWT)");
  }
  // Atlassian's converter names these modules the same way (lifecycle-events, webhook-N, connect-translations,
  // app-migration), so manifests from either tool line up.
  if (Object.keys(lifecycle).length > 0) entries.push({ type: "lifecycle", module: { key: "lifecycle-events", ...lifecycle } });
  for (const [type, value] of Object.entries(descriptor.modules ?? {})) {
    asArray(value).forEach((module, index) => {
      entries.push({ type, module: type === "webhooks" && !module.key ? { ...module, key: `webhook-${index + 1}` } : module });
    });
  }
  if (descriptor.translations?.paths && Object.keys(descriptor.translations.paths).length > 0) {
    entries.push({ type: "translations", module: { key: "connect-translations", paths: descriptor.translations.paths } });
  }
  if (descriptor.cloudAppMigration?.migrationWebhookPath) {
    entries.push({ type: "cloudAppMigration", module: { key: "app-migration", migrationWebhookPath: descriptor.cloudAppMigration.migrationWebhookPath } });
  }
  const type = String(descriptor.authentication?.type ?? "jwt").toLowerCase();
  if (type !== "jwt" && type !== "none") notes.push(`authentication "${descriptor.authentication?.type}" has no Forge equivalent: the app is written as one without Connect authentication`);
  const regions = descriptor.regionBaseUrls && Object.keys(descriptor.regionBaseUrls).length > 0 ? { default: descriptor.baseUrl, ...descriptor.regionBaseUrls } : undefined;
  return {
    product: which,
    appKey: descriptor.key,
    baseUrl: regions ?? descriptor.baseUrl,
    jwt: type === "jwt",
    connectScopes: (descriptor.scopes ?? []).map((scope) => scope.toUpperCase()),
    entries,
    existing: undefined,
    placeholders: findPlaceholders(descriptor),
    notes,
    // Atlassian's converter carries licensing over the same way (connect-to-forge, src/convert.ts).
    app: descriptor.enableLicensing === undefined ? {} : { licensing: { enabled: descriptor.enableLicensing === true } },
  };
}

function fromManifest(manifest: ForgeManifest, product: Product | undefined): State {
  const key = manifest?.app?.connect?.key;
  if (!key) throw new MigrateError("ERR_MIGRATE_INPUT", "the manifest has no app.connect.key: it is not a Connect app adopting Forge");
  // The product is in the module types' prefixes (jira:webPanels, confluence:spacePage; a Forge macro is Confluence's)
  // and in the Connect scopes' suffix (read:connect-jira).
  const names = [...Object.keys(manifest.connectModules ?? {}), ...Object.keys(manifest.modules ?? {}), ...(manifest.permissions?.scopes ?? []).flatMap((scope) => scope.split(":connect-").slice(1))];
  const which = product ?? (names.some((name) => name.startsWith("jira")) ? "jira" : names.some((name) => name.startsWith("confluence") || name === "macro") ? "confluence" : undefined);
  if (!which) throw new MigrateError("ERR_MIGRATE_PRODUCT", "cannot tell whether this manifest is for Jira or Confluence: pass --product jira or --product confluence");
  const entries: Entry[] = [];
  for (const [name, modules] of Object.entries(manifest.connectModules ?? {})) {
    const type = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
    for (const module of asArray(modules)) entries.push({ type, module });
  }
  const remote = manifest.remotes?.find((candidate) => candidate.key === (manifest.app.connect?.remote ?? REMOTE));
  const connectScopes = (manifest.permissions?.scopes ?? []).flatMap((scope) => connectScopeFromForge(scope, which) ?? []);
  return {
    product: which,
    appKey: key,
    baseUrl: remote?.baseUrl ?? "",
    jwt: manifest.app.connect?.authentication === "jwt",
    connectScopes,
    entries,
    existing: manifest,
    placeholders: findPlaceholders(manifest),
    notes: [],
    app: {},
  };
}

/** A resource key for a Connect key: itself when Forge allows it (23 characters), else a prefix and a hash. */
export function resourceKeyOf(connectKey: string, role?: string): string {
  const key = role ? `${connectKey}-${role}` : connectKey;
  if (/^[a-zA-Z0-9_-]{1,23}$/.test(key)) return key;
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 6);
  return `${key.replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, 16)}-${hash}`;
}

const NOT_PAGES = new Set(["webhooks", "lifecycle", "dialogs"]);
/** Whether a Connect module shows an iframe of the app (which may open the app's dialogs). A web item shows one
 *  only when it opens a dialog: otherwise it links to its URL. */
function hasPage(entry: Entry): boolean {
  if (NOT_PAGES.has(entry.type)) return false;
  const target = entry.module.target as { type?: string; url?: unknown } | undefined;
  if (entry.type === "webItems") return /^(dialog|inlinedialog)$/i.test(target?.type ?? "");
  return typeof entry.module.url === "string" || typeof target?.url === "string";
}

/** The resources a Forge module's fields name (`resource`, `config.resource`, `edit.resource`). */
function resourcesOf(module: ForgeModule): string[] {
  const named = [module.resource, (module.config as { resource?: unknown } | undefined)?.resource, (module.edit as { resource?: unknown } | undefined)?.resource];
  return named.filter((value): value is string => typeof value === "string").map((value) => value.split("/")[0]!);
}

const sizeOf = (size: unknown): ForgeDialog["size"] | undefined =>
  typeof size === "string" ? ({ small: "small", medium: "medium", large: "large", "x-large": "xlarge", maximum: "max", fullscreen: "fullscreen" } as const)[size.toLowerCase() as "small"] : undefined;

/**
 * Moves Connect modules of `input` to Forge modules and writes the manifest that results.
 *
 * @example
 * ```ts
 * const { manifest, report, forgeOptions } = migrateManifest({ descriptor }, { moveUi: true, resources: "dist-forge" });
 * ```
 */
export function migrateManifest(input: MigrationInput, options: MigrateOptions = {}): MigrateResult {
  if (options.move !== undefined && !Array.isArray(options.move)) throw new TypeError("options.move must be an array of module keys");
  if (options.product !== undefined && options.product !== "jira" && options.product !== "confluence") throw new TypeError('options.product must be "jira" or "confluence"');
  const state = "descriptor" in input ? fromDescriptor(input.descriptor, options.product) : fromManifest(input.manifest, options.product);
  const resourcesDir = (options.resources ?? "resources").replace(/\/+$/, "") || ".";
  const existing = state.existing;
  const requested = new Set(options.move ?? []);
  for (const key of requested) {
    if (!state.entries.some((entry) => entry.module.key === key)) {
      const known = state.entries.filter((entry) => entry.type !== "lifecycle").map((entry) => entry.module.key).join(", ");
      throw new MigrateError("ERR_MIGRATE_UNKNOWN_MODULE", `no Connect module "${key}" is left to move${known ? ` (left: ${known})` : ""}`);
    }
  }

  const modules: Record<string, ForgeModule[]> = structuredClone(existing?.modules ?? {});
  const resources: ForgeResource[] = structuredClone(existing?.resources ?? []);
  const movedModuleResource = (key: string) => {
    for (const list of Object.values(modules)) for (const module of list) if (module.key === key) return resourcesOf(module)[0];
    // A dialog moved in an earlier run is a resource of its own name.
    return resources.some((resource) => resource.key === resourceKeyOf(key)) ? resourceKeyOf(key) : undefined;
  };
  const context: MoveContext = {
    resourceKeyOf,
    appKey: state.appKey,
    urlOf: (key) => state.entries.find((entry) => entry.module.key === key)?.module.url,
    dialog: (key) => state.entries.find((entry) => entry.type === "dialogs" && entry.module.key === key)?.module,
    resourceOfMoved: movedModuleResource,
  };
  const addResource = (page: Page) => {
    if (!resources.some((resource) => resource.key === page.resource)) resources.push({ key: page.resource, path: `${resourcesDir}/${page.resource}` });
  };

  const moved: MovedModule[] = [];
  const refused: StayingModule[] = [];
  const movedKeys = new Set<string>();
  const dialogOptions = new Map<string, ForgeDialog>();
  const mappings = MAPPINGS[state.product];

  const moveDialog = (entry: Entry, why?: string) => {
    const key = entry.module.key!;
    if (dialogOptions.has(key)) return;
    const resource = resourceKeyOf(key);
    const isNew = !resources.some((candidate) => candidate.key === resource);
    const url = typeof entry.module.url === "string" ? entry.module.url : undefined;
    if (isNew && !url) {
      refused.push({ connectType: "dialogs", key, reason: "it has no url: nothing to show in a Custom UI resource" });
      return;
    }
    const connectOptions = (entry.module.options ?? {}) as { size?: string; header?: { value?: string } };
    const option: ForgeDialog = { resource };
    const size = sizeOf(connectOptions.size);
    if (size) option.size = size;
    if (connectOptions.header?.value) option.title = connectOptions.header.value;
    dialogOptions.set(key, option);
    movedKeys.add(key);
    if (!isNew) return;
    const page = { resource, url: url! };
    addResource(page);
    moved.push({
      connectType: "dialogs",
      key,
      forgeType: "resource",
      pages: [page],
      contextParameters: contextParametersOf(page.url),
      todos: why ? [why] : [],
      source: "https://developer.atlassian.com/platform/forge/apis-reference/ui-api-bridge/modal/ (a Connect dialog becomes a Custom UI resource opened as a Modal)",
    });
  };

  for (const entry of state.entries) {
    const key = entry.module.key;
    if (!key || entry.type === "dialogs") continue;
    const mapping = mappings[entry.type];
    const wanted = requested.has(key) || (mapping?.kind === "ui" && options.moveUi === true) || mapping?.kind === "declarative";
    if (!wanted) continue;
    if (!mapping) {
      if (requested.has(key)) refused.push({ connectType: entry.type, key, reason: reasonToStay(entry.type) });
      continue;
    }
    if (hasPlaceholder(key)) {
      refused.push({ connectType: entry.type, key, reason: "its key is a template placeholder: Forge module keys are literal" });
      continue;
    }
    const result = mapping.move(entry.module, context);
    if ("reason" in result) {
      if (requested.has(key) || options.moveUi) refused.push({ connectType: entry.type, key, reason: result.reason });
      continue;
    }
    accept(entry, result, mapping.source);
  }

  function accept(entry: Entry, result: Moved, source: string) {
    (modules[result.forgeType] ??= []).push(result.module);
    for (const page of result.pages) addResource(page);
    for (const dialogKey of result.dialogs) {
      const dialog = state.entries.find((candidate) => candidate.type === "dialogs" && candidate.module.key === dialogKey);
      if (dialog) moveDialog(dialog, `opened by ${entry.module.key}`);
    }
    const macroParameters = Array.isArray(entry.module.parameters) ? entry.module.parameters.map((p: { identifier?: string }) => String(p.identifier ?? "")) : [];
    moved.push({
      connectType: entry.type,
      key: entry.module.key!,
      forgeType: result.forgeType,
      pages: result.pages,
      contextParameters: result.pages.flatMap((page) => contextParametersOf(page.url, macroParameters)),
      todos: result.todos,
      source,
    });
    movedKeys.add(entry.module.key!);
  }

  for (const entry of state.entries) {
    if (entry.type !== "dialogs" || !entry.module.key) continue;
    const known = resources.some((resource) => resource.key === resourceKeyOf(entry.module.key!));
    if (requested.has(entry.module.key) || options.moveUi || known) moveDialog(entry);
  }

  // What stays: everything not moved. A moved dialog stays too while Connect pages remain that may open it.
  const remaining = state.entries.filter((entry) => !movedKeys.has(entry.module.key ?? "") || entry.type === "dialogs");
  const connectPagesRemain = remaining.some((entry) => hasPage(entry) && !movedKeys.has(entry.module.key ?? ""));
  const connect = remaining.filter((entry) => entry.type !== "dialogs" || !movedKeys.has(entry.module.key ?? "") || connectPagesRemain);
  const staying: StayingModule[] = connect.map((entry) => {
    const key = entry.module.key ?? "(no key)";
    const refusal = refused.find((candidate) => candidate.key === key);
    if (refusal) return refusal;
    if (entry.type === "dialogs") {
      return { connectType: entry.type, key, reason: movedKeys.has(key) ? "moved to a resource, and kept while Connect pages remain that may open it" : reasonToStay("dialogs") };
    }
    const mapping = mappings[entry.type];
    if (!mapping) return { connectType: entry.type, key, reason: reasonToStay(entry.type) };
    // Would it move? Say so, or say why not.
    const trial = mapping.move(entry.module, context);
    return { connectType: entry.type, key, reason: "reason" in trial ? trial.reason : `not asked to move (it can become ${trial.forgeType}: --move ${key})` };
  });

  const manifest = write(state, { modules, resources, connect, resourcesDir });
  const uiMoved = Object.values(modules).some((list) => list.some((module) => resourcesOf(module).length > 0)) || dialogOptions.size > 0;
  const forgeOptions: ForgeOptions = {};
  const referenced = new Set(Object.values(modules).flatMap((list) => list.flatMap(resourcesOf)));
  const dialogs: Record<string, string | ForgeDialog> = {};
  for (const [key, option] of dialogOptions) dialogs[key] = option.size || option.title || option.resource !== key ? option : option.resource;
  // A resource no module shows is a dialog moved in an earlier run (its Connect module has gone): the page opens it
  // by its key.
  const opened = new Set([...dialogOptions.values()].map((option) => option.resource));
  for (const resource of resources) if (!referenced.has(resource.key) && !opened.has(resource.key)) dialogs[resource.key] = resource.key;
  if (Object.keys(dialogs).length > 0) forgeOptions.dialogs = dialogs;
  if (uiMoved) forgeOptions.remote = manifest.app.connect?.remote ?? REMOTE;

  const runtime = existing?.app?.runtime?.name;
  const report: MigrationReport = {
    product: state.product,
    appKey: state.appKey,
    placeholderAppId: manifest.app.id === PLACEHOLDER_APP_ID,
    runtime: { name: manifest.app.runtime!.name, ...(runtime && runtime !== manifest.app.runtime!.name && { replaced: runtime }) },
    moved,
    staying,
    refused: refused.filter((entry) => requested.has(entry.key)),
    placeholders: state.placeholders,
    environment: [],
    notes: state.notes,
  };
  // The Connect key must match Forge's pattern: a placeholder there becomes a Forge environment variable.
  if (hasPlaceholder(state.appKey) && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(state.appKey)) {
    const variable = environmentVariableFor(state.appKey);
    manifest.app.connect!.key = `\${${variable.name}}`;
    const variables = (manifest.environment ??= {}).variables ??= [];
    if (!variables.some((entry) => (typeof entry === "string" ? entry : entry.key) === variable.name)) variables.push(variable.default === undefined ? variable.name : { key: variable.name, default: variable.default });
    report.environment.push({ name: variable.name, ...(variable.default !== undefined && { default: variable.default }), replaces: state.appKey, at: "app.connect.key" });
  }
  if (uiMoved && !existing?.remotes?.find((remote) => remote.key === (manifest.app.connect?.remote ?? REMOTE))?.operations?.includes("storage")) {
    report.notes.push('the remote\'s operations say what the backend does with what Forge pages send it: add "storage" (and storage.inScopeEUD) if it stores end-user data');
  }
  return { manifest, report, forgeOptions };
}

function write(state: State, parts: { modules: Record<string, ForgeModule[]>; resources: ForgeResource[]; connect: Entry[]; resourcesDir: string }): ForgeManifest {
  const existing = state.existing;
  const { connect: _connect, runtime: oldRuntime, id, ...appRest } = existing?.app ?? { id: PLACEHOLDER_APP_ID };
  const remoteKey = existing?.app?.connect?.remote ?? REMOTE;
  const runtime = oldRuntime && KEPT_RUNTIMES.includes(oldRuntime.name) ? oldRuntime : { ...(oldRuntime ?? {}), name: RUNTIME };
  const connectModules: Record<string, ConnectModule[]> = {};
  for (const entry of parts.connect) (connectModules[`${state.product}:${entry.type}`] ??= []).push(entry.module);
  const hasConnectModules = Object.keys(connectModules).length > 0;

  const app: ForgeManifest["app"] = { id: id ?? PLACEHOLDER_APP_ID, runtime, connect: { key: state.appKey, remote: remoteKey } };
  // @forge/manifest refuses app.connect.authentication without connectModules (ConnectAuthenticationValidator).
  if (state.jwt && hasConnectModules) app.connect!.authentication = "jwt";
  Object.assign(app, state.app, appRest);

  const uiMoved = Object.values(parts.modules).some((list) => list.some((module) => resourcesOf(module).length > 0)) || parts.resources.length > 0;
  const oldRemote = existing?.remotes?.find((remote) => remote.key === remoteKey);
  const remote: ForgeRemote = { key: remoteKey, baseUrl: state.baseUrl };
  // compute: the backend processes what Forge pages send it (apFetch → requestRemote); fetch: the pages call it
  // directly. requestRemote carries no tokens, and remotes.auth only applies to Forge functions' calls
  // (https://developer.atlassian.com/platform/forge/remote/calling-from-frontend/): the Connect backend keeps its own
  // credentials (shared secret, act-as-user) for the Connect parts.
  const operations = [...(uiMoved ? ["compute", "fetch"] : []), ...(oldRemote?.operations ?? [])].filter((value, index, all) => all.indexOf(value) === index);
  if (operations.length > 0) remote.operations = operations;
  remote.auth = oldRemote?.auth ?? { appSystemToken: { enabled: false }, appUserToken: { enabled: false } };
  for (const [field, value] of Object.entries(oldRemote ?? {})) if (!(field in remote)) remote[field] = value;
  const remotes = [remote, ...(existing?.remotes ?? []).filter((candidate) => candidate.key !== remoteKey)];

  const computed = [...(uiMoved ? forgeScopesFor(state.connectScopes, state.product) : []), ...state.connectScopes.map((scope) => connectScopeInForge(scope, state.product))];
  const scopes = [...computed, ...(existing?.permissions?.scopes ?? [])].filter((value, index, all) => all.indexOf(value) === index);

  const manifest: ForgeManifest = { app };
  if (Object.keys(parts.modules).length > 0) manifest.modules = parts.modules;
  if (parts.resources.length > 0) manifest.resources = parts.resources;
  manifest.remotes = remotes;
  if (hasConnectModules) manifest.connectModules = connectModules;
  manifest.permissions = { ...(existing?.permissions ?? {}), scopes };
  if (scopes.length === 0) delete manifest.permissions.scopes;
  if (Object.keys(manifest.permissions).length === 0) delete manifest.permissions;
  for (const [field, value] of Object.entries(existing ?? {})) if (!(field in manifest) && !["modules", "resources", "connectModules", "permissions"].includes(field)) manifest[field] = value;
  return manifest;
}
