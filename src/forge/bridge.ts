/**
 * The parts of @forge/bridge (and, where the app passes them, @forge/jira-bridge and @forge/confluence-bridge) that
 * apkit/forge uses, typed structurally so that apkit's types do not depend on the packages', and the one place that
 * imports @forge/bridge.
 */
import type { ForgeContext } from "./context.js";
import type { ForgeLocation } from "./navigation.js";

/** The parts of @forge/bridge apkit uses. */
export interface ForgeBridge {
  view: {
    getContext(): Promise<ForgeContext>;
    close(payload?: unknown): Promise<void>;
    submit(payload?: unknown): Promise<void>;
    refresh(payload?: unknown): Promise<void>;
    createHistory(): Promise<ForgeHistory>;
    theme: { enable(): Promise<void> };
  };
  events: {
    emit(event: string, payload?: unknown): Promise<void>;
    on(event: string, callback: (payload?: unknown) => unknown): Promise<{ unsubscribe(): void }>;
    emitPublic(event: string, payload?: unknown): Promise<void>;
    onPublic(event: string, callback: (payload?: unknown) => unknown): Promise<{ unsubscribe(): void }>;
  };
  Modal: new (options: {
    resource?: string | null;
    onClose?: (payload: unknown) => unknown;
    size?: string | { width: string; height?: string };
    context?: unknown;
    closeOnEscape?: boolean;
    title?: string;
  }) => { open(): Promise<void> };
  showFlag(options: {
    id: string;
    title?: string;
    description?: string;
    type?: string;
    actions?: Array<{ text: string; onClick: () => void }>;
    isAutoDismiss?: boolean;
  }): { close(): Promise<unknown> };
  router: {
    navigate(location: ForgeLocation): Promise<void>;
    reload(): Promise<void>;
    getUrl(location: Exclude<ForgeLocation, string>): Promise<URL | string | null>;
  };
  requestJira(path: string, init?: RequestInit): Promise<Response>;
  requestConfluence(path: string, init?: RequestInit): Promise<Response>;
  requestBitbucket(path: string, init?: RequestInit): Promise<Response>;
  requestRemote(remoteKey: string, init?: RequestInit & { path?: string }): Promise<Response>;
  invoke(functionKey: string, payload?: unknown): Promise<unknown>;
}

/** The history object `view.createHistory()` gives full-page modules (the `history` package's API). */
export interface ForgeHistory {
  location: { pathname: string; search?: string; hash?: string; key?: string; state?: unknown };
  push(path: string, state?: unknown): void;
  replace(path: string, state?: unknown): void;
  go(delta: number): void;
  back(): void;
  forward(): void;
  listen(listener: (...args: any[]) => void): () => void;
}

/** The parts of @forge/jira-bridge apkit uses (pass the module as `forge({ jiraBridge })`). */
export interface ForgeJiraBridge {
  ViewIssueModal: new (options: { context: { issueKey: string }; onClose?: () => void }) => { open(): Promise<void> };
  CreateIssueModal: new (options: {
    context?: Record<string, unknown>;
    onClose?: (result: { payload: Array<{ issueId: string }> }) => void;
  }) => { open(): Promise<void> };
}

/** The parts of @forge/confluence-bridge apkit uses (pass the module as `forge({ confluenceBridge })`). */
export interface ForgeConfluenceBridge {
  getMacroContent(): Promise<{ data: string }>;
}

// @forge/bridge is one module per page: once imported, every forge() platform of the page may use it at once.
let imported: ForgeBridge | undefined;

/** @internal The bridge already imported on this page, if any. */
export const importedBridge = (): ForgeBridge | undefined => imported;

/** @internal Imports @forge/bridge (an optional peer, CommonJS; it throws at import outside a Custom UI frame). */
export async function importBridge(): Promise<ForgeBridge> {
  // The raw bridge's boundary: @forge/bridge's own types are not apkit's (ForgeBridge types the parts apkit uses). Under
  // Node's ESM loader a CommonJS module's exports may sit on `default`.
  const module = (await import("@forge/bridge")) as unknown as ForgeBridge & { default?: ForgeBridge };
  return (imported = module.view ? module : module.default!);
}
