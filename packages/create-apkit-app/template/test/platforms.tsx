// The one file that knows the two mock hosts: apkit/testing's createMockAP (Connect) and apkit/testing/forge's
// createMockForge (Forge Custom UI, with the real @forge/bridge underneath). They have one surface (request and
// remote handlers, start/uninstall, requests, dialogs, flags, flush ...), so each test is written once and runs on
// both (`for (const platform of platforms)`). What differs is here: which mock, how each platform names the issue
// the panel is on and the dialog's data, the pages' start-up options (src/platform.ts), and what a dialog's page
// closed with.
import type { LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { createMockAP, type MockAP } from "apkit/testing";
import { createMockForge, type MockForge } from "apkit/testing/forge";
import { FORGE_OPTIONS, type DialogInput } from "../src/shared";

export const ISSUE = { id: "10001", key: "ABC-1" };
const PROJECT = { id: "10000", key: "ABC" };
const FORGE_PANEL = { type: "jira:issuePanel", issue: { ...ISSUE, type: "Task", typeId: "10002" }, project: { ...PROJECT, type: "software" } };

export interface Platform<Mock extends MockAP | MockForge = MockAP | MockForge> {
  name: "connect" | "forge";
  /** What the pages' start-up (src/platform.ts) passes to APProvider on this platform. */
  options: LoadAPOptions | undefined;
  /** A host showing the issue panel of ISSUE. */
  panel(): Mock;
  /** A host with the app's frame inside the label dialog, opened with `input`. */
  dialog(input: DialogInput): Mock;
  /** What the app, as the dialog's page, closed its dialog with. */
  closedWith(mock: Mock): unknown[];
}

const connect: Platform<MockAP> = {
  name: "connect",
  options: undefined,
  panel: () => createMockAP({ context: { jira: { issue: ISSUE, project: PROJECT } } }),
  dialog: (input) => createMockAP({ dialog: { customData: input } }),
  closedWith: (mock) => mock.closedDialogs.map((closed) => closed.data),
};

const onForge: Platform<MockForge> = {
  name: "forge",
  options: { platform: forge(FORGE_OPTIONS) },
  panel: () => createMockForge({ context: { extension: FORGE_PANEL }, forge: FORGE_OPTIONS }),
  // The resource loaded as the modal the panel opened: the opener's data is its context's extension.modal.
  dialog: (input) => createMockForge({ context: { extension: { ...FORGE_PANEL, modal: input } }, forge: FORGE_OPTIONS }),
  closedWith: (mock) => [...mock.view.closed],
};

export const platforms: Platform[] = [connect, onForge];
