// The one file that knows the two mock hosts: apkit/testing's createMockAP (Connect) and apkit/testing/forge's
// createMockForge (Forge Custom UI, running the real @forge/bridge). Each component test is written once against
// `Host` and runs on both (`for (const platform of platforms)`); only this file changes when the mocks' surface does.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { createContextTokenVerifier, createMemoryTenantStore } from "apkit/server";
import { createMockAP, json, type MockAP } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";
import { FORGE_OPTIONS, type DialogInput, type WhoAmI } from "../src/shared";

export const ISSUE = { id: "10001", key: "ABC-1" };
const PROJECT = { id: "10000", key: "ABC" };

/** One platform's mock host, as the tests see it. */
export interface Host {
  /** What the pages' start-up (src/platform.ts) passes to APProvider on this platform. */
  options: LoadAPOptions | undefined;
  /** Waits until the app and the host have nothing left to say to each other. */
  flush(): Promise<void>;
  /** The dialog the app opened last: its key (a Connect dialog module, a Forge modal resource) and its data. */
  openedDialog(): { key: string; data: unknown } | undefined;
  /** The open dialog closes with `data`, as its page's dialog.close(data) does. */
  closeDialog(data?: unknown): Promise<void>;
  /** What the app, as the dialog's page, closed its dialog with. */
  closedWith(): unknown[];
  /** An issue property of ISSUE, as the product stored it. */
  issueProperty(key: string): unknown;
  flagTitles(): string[];
  stop(): void;
}

export interface Platform {
  name: "connect" | "forge";
  /** The issue panel of ISSUE, whose summary is `summary`; the backend answers GET /api/whoami. */
  panel(summary: string): Promise<Host>;
  /** The app's frame inside the label dialog, opened with `input`. */
  dialog(input: DialogInput): Promise<Host>;
}

// Connect's apFetch is fetch with a context JWT: msw answers for the backend, verifying the token as server/ does.
const backend = setupServer();
beforeAll(() => backend.listen({ onUnhandledRequest: "error" }));
afterEach(() => backend.resetHandlers());
afterAll(() => backend.close());

function connectHost(mock: MockAP): Host {
  return {
    options: undefined,
    flush: () => mock.flush(),
    openedDialog: () => {
      const opened = mock.dialogs.at(-1);
      return opened && { key: String(opened.request.key), data: opened.customData };
    },
    closeDialog: (data) => mock.closeDialog(data),
    closedWith: () => mock.closedDialogs.map((closed) => closed.data),
    issueProperty: (key) => mock.properties!.data.get(`issue/${ISSUE.id}`)?.get(key)?.value,
    flagTitles: () => mock.flags.map((flag) => String(flag.title)),
    stop: () => mock.uninstall(),
  };
}

function forgeHost(mock: MockForge): Host {
  return {
    options: { platform: forge(FORGE_OPTIONS) },
    flush: () => mock.flush(),
    openedDialog: () => {
      const opened = mock.modals.at(-1);
      return opened && { key: String(opened.resource), data: opened.context };
    },
    closeDialog: (data) => mock.closeModal(data),
    closedWith: () => [...mock.view.closed],
    issueProperty: (key) => mock.properties!.data.get(`issue/${ISSUE.id}`)?.get(key)?.value,
    flagTitles: () => mock.flags.map((flag) => String(flag.title)),
    stop: () => mock.stop(),
  };
}

const connect: Platform = {
  name: "connect",
  async panel(summary) {
    const mock = createMockAP({ context: { jira: { issue: ISSUE, project: PROJECT } } }).install();
    mock.request.get("/rest/api/3/issue/:key", () => json({ ...ISSUE, fields: { summary } }));
    const verify = createContextTokenVerifier({ tenants: createMemoryTenantStore([mock.tenant]) });
    backend.use(
      http.get(`${location.origin}/api/whoami`, async ({ request }) => {
        const { clientKey, accountId } = await verify(request);
        return HttpResponse.json({ clientKey, platform: "connect", accountId: String(accountId) } satisfies WhoAmI);
      }),
    );
    return connectHost(mock);
  },
  async dialog(input) {
    return connectHost(createMockAP({ dialog: { chrome: false, customData: { ...input } } }).install());
  },
};

const FORGE_PANEL = { type: "jira:issuePanel", issue: { ...ISSUE, type: "Task", typeId: "10002" }, project: { ...PROJECT, type: "software" } };

const forgePlatform: Platform = {
  name: "forge",
  async panel(summary) {
    const mock = await createMockForge({ context: { extension: FORGE_PANEL }, forge: FORGE_OPTIONS }).start();
    mock.onRequest("GET", "/rest/api/3/issue/:key", () => ({ body: { ...ISSUE, fields: { summary } } }));
    // requestRemote to the remote "backend": Forge adds the Forge Invocation Token on the way, not the app.
    mock.onRemote("GET", "/api/whoami", () => ({ body: { clientKey: "forge-site", platform: "forge", accountId: "forge-user" } satisfies WhoAmI }));
    return forgeHost(mock);
  },
  async dialog(input) {
    // The resource loaded as the modal the panel opened: the opener's data is its context's extension.modal.
    return forgeHost(await createMockForge({ context: { extension: { ...FORGE_PANEL, modal: input } }, forge: FORGE_OPTIONS }).start());
  },
};

export const platforms: Platform[] = [connect, forgePlatform];
