// The React example's real components (examples/react-app: IssuePanel, PriorityDialog), rendered as its pages'
// start-up renders them, on both platforms from one file: Connect over createMockAP, Forge Custom UI over
// createMockForge (the real @forge/bridge). The same assertions run on both where the app behaves the same; where a
// platform differs (how the backend is reached and authenticated, how a dialog is opened and closed), each platform's
// own behaviour is asserted through its host below.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { StrictMode, type ReactNode } from "react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { getToken, platformName, type LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { APProvider } from "apkit/react";
import { createContextTokenVerifier, createMemoryTenantStore } from "apkit/server";
import { createMockAP, json, type MockAP } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";
import { IssuePanel } from "../../examples/react-app/src/IssuePanel.js";
import { PriorityDialog } from "../../examples/react-app/src/PriorityDialog.js";
import { FORGE_OPTIONS, PRIORITY_DIALOG, type DialogInput, type WhoAmI } from "../../examples/react-app/src/shared.js";

const ISSUE = { id: "10001", key: "ABC-1" };
const PROJECT = { id: "10000", key: "ABC" };
const SUMMARY = "First issue";
const ME = { accountId: "557058:alice", displayName: "Alice" };
const PROPERTY = "apkit-react-example.triage";

// The backend (examples/server's GET /api/whoami) for the Connect page: a real route verifying the context token.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** One platform's host, seen through what the tests need. */
interface Host {
  /** What the page's start-up (examples/react-app/src/platform.ts) passes to APProvider on this platform. */
  apOptions(): LoadAPOptions | undefined;
  /** The issue property the panel keeps its triage in, as the product stored it. */
  triage(): unknown;
  /** The dialog the panel opened: the module key (Connect) or the modal resource (Forge), and its data. */
  openedDialog(): { opened: string; customData: unknown } | undefined;
  /** The opened dialog closes with `data`, as its page's dialog.close(data) does. */
  closeDialog(data: unknown): Promise<void>;
  flagTitles(): string[];
  /** The user submits the dialog page: the host's Submit button (Connect) or the page's own (Forge). */
  submitDialog(): Promise<void>;
  /** What the dialog page closed with. */
  closedWith(): unknown[];
  stop(): void;
}

interface Platform {
  name: "connect" | "forge";
  /** The host with the issue panel's context, product REST and backend. */
  panel(options: { whoami: unknown[] }): Promise<Host>;
  /** The host with the app's frame inside the priority dialog, opened with `input`. */
  dialog(input: DialogInput): Promise<Host>;
  /** What the backend says it verified: a context token, or a Forge Invocation Token. */
  tokenName: string;
}

function connectHost(mock: MockAP): Host {
  return {
    apOptions: () => undefined, // nothing: apkit talks to window.AP
    triage: () => mock.properties!.data.get(`issue/${ISSUE.id}`)?.get(PROPERTY)?.value,
    openedDialog: () => {
      const d = mock.dialogs.at(-1);
      return d && { opened: String((d.request as { key?: string }).key), customData: d.customData };
    },
    closeDialog: (data) => mock.closeDialog(data),
    flagTitles: () => mock.flags.map((f) => String(f.title)),
    submitDialog: () => mock.clickDialogButton("submit"),
    closedWith: () => mock.closedDialogs.map((c) => c.data),
    stop: () => mock.uninstall(),
  };
}

function forgeHost(mock: MockForge): Host {
  return {
    apOptions: () => ({ platform: forge(FORGE_OPTIONS) }),
    triage: () => mock.properties!.data.get(`issue/${ISSUE.id}`)?.get(PROPERTY)?.value,
    openedDialog: () => {
      const m = mock.modals.at(-1);
      return m && { opened: String(m.resource), customData: m.context };
    },
    closeDialog: (data) => mock.closeModal(data),
    flagTitles: () => mock.flags.map((f) => String(f.title)),
    submitDialog: async () => {
      fireEvent.click(screen.getByRole("button", { name: "Set priority" }));
      await mock.flush();
    },
    closedWith: () => [...mock.view.closed],
    stop: () => mock.stop(),
  };
}

const connect: Platform = {
  name: "connect",
  tokenName: "context token",
  async panel({ whoami }) {
    const mock = createMockAP({ context: { jira: { issue: ISSUE, project: PROJECT } }, user: { accountId: ME.accountId } }).install();
    mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ ...ISSUE, key: params.key, fields: { summary: SUMMARY } }));
    mock.request.get("/rest/api/3/myself", () => json(ME));
    const verify = createContextTokenVerifier({ tenants: createMemoryTenantStore([mock.tenant]) });
    server.use(
      http.get(`${location.origin}/api/whoami`, async ({ request }) => {
        whoami.push(request.headers.get("authorization"));
        const { clientKey, accountId, context } = await verify(request);
        const answer: WhoAmI = { clientKey, platform: "connect", accountId: String(accountId), issueKey: (context as any).jira.issue.key, site: mock.tenant.baseUrl, productType: "jira" };
        return HttpResponse.json(answer);
      }),
    );
    return connectHost(mock);
  },
  async dialog(input) {
    return connectHost(createMockAP({ dialog: { chrome: true, customData: input } }).install());
  },
};

const FORGE_PANEL = { type: "jira:issuePanel", issue: { ...ISSUE, type: "Task", typeId: "10002" }, project: { ...PROJECT, type: "software" } };

const forgePlatform: Platform = {
  name: "forge",
  tokenName: "Forge Invocation Token",
  async panel({ whoami }) {
    const mock = await createMockForge({ context: { accountId: ME.accountId, extension: FORGE_PANEL }, forge: FORGE_OPTIONS, warn: () => {} }).start();
    mock.onRequest("GET", "/rest/api/3/issue/:key", ({ params }) => ({ body: { ...ISSUE, key: params.key, fields: { summary: SUMMARY } } }));
    mock.onRequest("GET", "/rest/api/3/myself", () => ({ body: ME }));
    // The backend through requestRemote: Forge itself adds the FIT on the way (not the app), so the route's answer
    // is what examples/server answers for a verified FIT of this site.
    mock.onRemote("GET", "/api/whoami", (request) => {
      whoami.push(request);
      const answer: WhoAmI = { clientKey: "site-client-key", platform: "forge", accountId: ME.accountId, issueKey: ISSUE.key, site: mock.context.siteUrl, productType: "jira" };
      return { body: answer };
    });
    return forgeHost(mock);
  },
  async dialog(input) {
    // The resource loaded as the modal the panel opened: its context carries the opener's data under extension.modal.
    return forgeHost(await createMockForge({ context: { extension: { ...FORGE_PANEL, modal: input } }, forge: FORGE_OPTIONS, warn: () => {} }).start());
  },
};

/** As the page's start-up renders it (examples/react-app/src/panel.tsx, dialog.tsx). */
const page = (host: Host, children: ReactNode) => (
  <StrictMode>
    <APProvider options={host.apOptions()}>{children}</APProvider>
  </StrictMode>
);

// jsdom has no ResizeObserver: a stand-in that records what useAutoResize observes.
let observed: Element[] = [];
beforeEach(() => {
  observed = [];
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe(element: Element) {
        observed.push(element);
      }
      disconnect() {}
    },
  );
});

let host: Host | undefined;
afterEach(() => {
  vi.unstubAllGlobals();
  host?.stop();
  host = undefined;
  // The pages' report (shared.ts) lives as long as the module: each test starts with an empty one.
  const report = window.demoReport!;
  report.steps.length = 0;
  delete report.error;
  delete report.done;
});

describe.each([connect, forgePlatform])("the React example on $name", (platform) => {
  describe("IssuePanel", () => {
    test("shows the validated context, product REST and what the backend verified", async () => {
      const whoami: unknown[] = [];
      host = await platform.panel({ whoami });
      render(page(host, <IssuePanel />));

      expect(await screen.findByText(SUMMARY)).toBeTruthy();
      expect(document.querySelector(".issue-key")?.textContent).toBe(ISSUE.key);
      expect(await screen.findByText(`Viewing as ${ME.displayName}`)).toBeTruthy();
      expect(await screen.findByText("verified")).toBeTruthy();
      expect(screen.getByText(new RegExp(`checked this call's ${platform.tokenName}`))).toBeTruthy();
      expect(platformName()).toBe(platform.name);
      expect(window.demoReport?.error).toBeUndefined();
    });

    test("sizing: useAutoResize resizes the iframe on Connect; on Forge the host sizes the frame", async () => {
      host = await platform.panel({ whoami: [] });
      const view = render(page(host, <IssuePanel />));
      await screen.findByText(SUMMARY);
      expect(observed).toEqual(platform.name === "connect" ? [view.container.querySelector(".panel")] : []);
    });

    test("how the backend is reached and authenticated differs by platform", async () => {
      const whoami: unknown[] = [];
      host = await platform.panel({ whoami });
      render(page(host, <IssuePanel />));
      await screen.findByText("verified");

      if (platform.name === "connect") {
        // apFetch sent the iframe's context JWT, which the route verified (a wrong one is a 401).
        expect(whoami[0]).toMatch(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
        await expect(getToken()).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      } else {
        // requestRemote to manifest.yml's remote; the app sends no token (Forge adds the FIT), and there is no
        // context JWT to get.
        expect(whoami[0]).toMatchObject({ kind: "remote", via: "requestRemote", remoteKey: FORGE_OPTIONS.remote, method: "GET", path: "/api/whoami" });
        expect((whoami[0] as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
        await expect(getToken()).rejects.toMatchObject({ code: "ERR_UNSUPPORTED_ON_PLATFORM", platform: "forge" });
      }
    });

    test("saves the note in the issue property and shows a flag", async () => {
      host = await platform.panel({ whoami: [] });
      render(page(host, <IssuePanel />));
      const note = (await screen.findByRole("textbox")) as HTMLTextAreaElement;
      await waitFor(() => expect(note.disabled).toBe(false));

      fireEvent.change(note, { target: { value: "Check the logs" } });
      fireEvent.click(screen.getByRole("button", { name: "Save" }));

      expect(await screen.findByText("Saved.")).toBeTruthy();
      expect(host.triage()).toEqual({ note: "Check the logs" });
      await waitFor(() => expect(host!.flagTitles()).toEqual(["Triage saved"]));
    });

    // The panel, rendered as its page renders it, with the priority dialog opened from its "Choose…" button.
    // `host` is set first, so that afterEach stops it even when a later step fails.
    const openPriorityDialog = async () => {
      const opener = (host = await platform.panel({ whoami: [] }));
      render(page(opener, <IssuePanel />));
      const choose = await screen.findByRole("button", { name: "Choose…" });
      await waitFor(() => expect((choose as HTMLButtonElement).disabled).toBe(false));
      fireEvent.click(choose);
      await waitFor(() => expect(opener.openedDialog()).toBeDefined());
      return opener;
    };

    test("the dialog round trip: opens the priority dialog with the issue, stores what it closed with", async () => {
      host = await openPriorityDialog();
      // Connect opens the dialog module; Forge the modal resource forge({ dialogs }) maps the key to.
      const opened = platform.name === "connect" ? PRIORITY_DIALOG : FORGE_OPTIONS.dialogs[PRIORITY_DIALOG];
      expect(host.openedDialog()).toEqual({ opened, customData: { issueKey: ISSUE.key } });

      await host.closeDialog({ priority: "High" });
      expect(await screen.findByText("High")).toBeTruthy();
      await waitFor(() => expect(host!.triage()).toEqual({ note: "", priority: "High" }));
    });

    test("a dismissed dialog changes nothing", async () => {
      host = await openPriorityDialog();

      await host.closeDialog(undefined);
      await waitFor(() => expect(window.demoReport?.steps).toContain("dialog: dismissed"));
      expect(host.triage()).toBeUndefined();
      expect(screen.getByText("not set")).toBeTruthy();
    });
  });

  describe("PriorityDialog", () => {
    test("reads the opener's data and closes with the chosen priority", async () => {
      host = await platform.dialog({ issueKey: ISSUE.key, current: "Low" });
      render(page(host, <PriorityDialog />));

      expect(await screen.findByText(`How urgent is ${ISSUE.key}?`)).toBeTruthy();
      const low = screen.getByRole("radio", { name: "Low" }) as HTMLInputElement;
      await waitFor(() => expect(low.checked).toBe(true));
      fireEvent.click(screen.getByRole("radio", { name: "High" }));

      await host.submitDialog();
      await waitFor(() => expect(host!.closedWith()).toEqual([{ priority: "High" }]));
      expect(window.demoReport?.error).toBeUndefined();
    });

    test("the buttons: the host's chrome on Connect, the page's own on Forge", async () => {
      host = await platform.dialog({ issueKey: ISSUE.key });
      render(page(host, <PriorityDialog />));
      await screen.findByText(`How urgent is ${ISSUE.key}?`);

      if (platform.name === "connect") {
        expect(screen.queryByRole("button")).toBeNull();
      } else {
        expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["Set priority", "Cancel"]);
        fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(host!.closedWith()).toEqual([undefined]));
      }
    });
  });
});
