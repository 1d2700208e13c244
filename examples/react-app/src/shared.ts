import type { ForgeOptions } from "apkit/forge";
import { z } from "zod";

/** The dialog module's key, as in atlassian-connect.json. */
export const PRIORITY_DIALOG = "priority-dialog";

/**
 * apkit/forge's options for the Forge Custom UI build (manifest.yml): the Connect dialog key opens the modal
 * resource that replaces it, and apFetch goes to the remote that is the app's backend (examples/server).
 */
export const FORGE_OPTIONS = {
  dialogs: { [PRIORITY_DIALOG]: "priority-dialog" },
  remote: "connect",
} satisfies ForgeOptions;

export const PRIORITIES = ["Highest", "High", "Medium", "Low"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What the panel keeps in the issue property: validated on every read and write. */
export const Triage = z.object({ note: z.string().max(2000), priority: z.enum(PRIORITIES).optional() });
export type Triage = z.infer<typeof Triage>;

/** What the panel hands the dialog, and what the dialog closes with. */
export const DialogInput = z.object({ issueKey: z.string(), current: z.enum(PRIORITIES).optional() });
export type DialogInput = z.infer<typeof DialogInput>;
export interface DialogResult {
  priority: Priority;
}

/** What the backend's GET /api/whoami answers (examples/server). */
export interface WhoAmI {
  clientKey: string;
  /** Which token the server verified: a Connect context JWT, or a Forge Invocation Token. */
  platform?: "connect" | "forge";
  accountId: string;
  issueKey: string | null;
  site: string | null;
  productType: string | null;
}

// window.demoReport: what happened, in words, for `npm run demo` and its end-to-end test.
interface DemoReport {
  steps: string[];
  done?: boolean;
  error?: { code?: string; message: string };
}
declare global {
  interface Window {
    demoReport?: DemoReport;
  }
}
const report: DemoReport = (window.demoReport = { steps: [] });

/** Records a step once (StrictMode runs effects twice). */
export function step(text: string): void {
  if (!report.steps.includes(text)) report.steps.push(text);
}
export function done(): void {
  report.done = true;
}
export function fail(error: unknown): void {
  const e = error as { code?: string; message?: string } | undefined;
  report.error ??= { code: e?.code, message: e?.message ?? String(error) };
}

/** A coded apkit error as a line of text. */
export function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? error);
}
