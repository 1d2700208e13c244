// What the panel, the dialog, the backend and the tests share.
import type { ForgeOptions } from "apkit/forge";

/** The dialog: a Connect dialog module (atlassian-connect.json) and a Forge modal resource (manifest.yml). */
export const LABEL_DIALOG = "label-dialog";

/** apkit/forge's options for the Forge build: the dialog key opens the modal resource, apFetch calls the remote. */
export const FORGE_OPTIONS = { dialogs: { [LABEL_DIALOG]: LABEL_DIALOG }, remote: "backend" } satisfies ForgeOptions;

export const LABELS = ["bug", "idea", "question"] as const;
export type Label = (typeof LABELS)[number];

/** The issue property the panel keeps the label in. */
export const LABEL_PROPERTY = "__APP_KEY__.label";

/** What the panel hands the dialog (a type, not an interface: dialog data is a plain record), and what it closes with. */
export type DialogInput = { issueKey: string; label?: Label };
export type DialogResult = { label: Label };

/** What the backend's GET /api/whoami answers (server/app.js). */
export interface WhoAmI {
  clientKey: string;
  /** Which token the backend verified: a Connect context JWT or a Forge Invocation Token. */
  platform: "connect" | "forge";
  accountId: string;
}
