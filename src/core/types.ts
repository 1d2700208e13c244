/**
 * The data the port carries between apkit's capabilities and the platforms: what a dialog opens with, what a flag
 * shows, where the host page is. Owned by the port layer (port.ts imports only these and settle.ts), so neither the
 * public modules nor the platforms form a cycle with it; the public modules re-export them.
 */

/** Removes the listener it was returned for. Calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Chooses which senders a public listener hears: a function over the sender's `{ addon_key, key }`, or an object
 * whose properties must all match.
 */
export type PublicEventFilter =
  | ((sender: { addon_key?: string; key?: string; [key: string]: unknown }) => boolean)
  | { addon_key?: string; key?: string };

/** The preset dialog sizes of the host (case-insensitive on the bridge). */
export type DialogSize = "small" | "medium" | "large" | "x-large" | "maximum" | "fullscreen";

/** Options of {@link dialog.open}: those of `AP.dialog.create`, checked before anything is sent. */
export interface DialogOptions {
  /** The module key of a dialog (or page / web item) module of this app. */
  key: string;
  /** A preset size; wins over `width` and `height`. */
  size?: DialogSize;
  /** Pixels (`500`, `"500px"`) or a percentage of the window (`"50%"`). */
  width?: number | string;
  /** Pixels (`300`, `"300px"`) or a percentage of the window (`"50%"`). */
  height?: number | string;
  /** Header and footer buttons drawn by the host. */
  chrome?: boolean;
  /** Header text (with chrome). */
  header?: string;
  /** Submit button text (with chrome). */
  submitText?: string;
  /** Cancel button text (with chrome). */
  cancelText?: string;
  /** Footer hint text (with chrome). */
  hint?: string;
  /** Whether Esc closes the dialog. @default true */
  closeOnEscape?: boolean;
  /** Data the dialog reads with {@link dialog.getCustomData}: a plain, structured-cloneable object. */
  customData?: Record<string, unknown>;
  /** Extra footer buttons (with chrome); clicks reach {@link DialogButton.onClick} inside the dialog. */
  buttons?: Array<{ text: string; identifier: string; disabled?: boolean }>;
}

/** The payload of a `dialog.button.click` event. */
export interface DialogButtonClick {
  button: { identifier: string; name?: string; text?: string };
}

/** Options of {@link flag.show} (those of `AP.flag.create`). */
export interface FlagOptions<A extends string = string> {
  /** Title text. */
  title?: string;
  /** Body text (plain text; the host escapes it). */
  body?: string;
  /** @default "info" */
  type?: "info" | "success" | "warning" | "error";
  /** `"auto"`: the host closes it after a few seconds; `"manual"`: the user (or {@link FlagHandle.close}) does. */
  close?: "manual" | "auto";
  /** Action links: identifier → link text. Clicks reach {@link FlagHandle.onAction}. */
  actions?: Record<A, string>;
}

/** What `history.getState("all")` answers. */
export interface HistoryState {
  key: string;
  hash: string;
  title: string;
  href: string;
}

/** What a pop-state listener gets. */
export interface HistoryPopState {
  key?: string;
  hash?: string | null;
  query?: string | null;
  title?: string;
  href?: string;
  state?: unknown;
  newURL: string;
  oldURL?: string;
}

/** Values allowed in `customData` of an `addonModule` target (they become URL parameters). */
export type NavigatorCustomData = Record<string, string | number | boolean | null | undefined | Array<string | number | boolean | null | undefined>>;

/** Either a path on the product (`"/browse/ABC-1"`) or a full URL on the same site. */
export type NavigatorSiteContext = { relativeUrl: string } | { absoluteUrl: string };

/** Jira's navigator targets and the context each needs. */
export interface JiraNavigatorTargets {
  dashboard: { dashboardId: string };
  issue: { issueKey: string };
  addonModule: { addonKey: string; moduleKey: string; customData?: NavigatorCustomData };
  userProfile: { userAccountId: string };
  projectAdminSummary: { projectKey: string; projectId?: string } | { projectId: string; projectKey?: string };
  projectAdminTabPanel: { addonKey: string; adminPageKey: string; projectKey?: string; projectId?: string };
  site: NavigatorSiteContext;
}

/** Confluence's navigator targets and the context each needs. */
export interface ConfluenceNavigatorTargets {
  contentview: {
    contentId: string;
    contentType?: "page" | "blogpost" | (string & {});
    versionOverride?: string | number;
    embeddedContentRender?: "current" | "version-at-save";
  };
  contentedit: { contentId: string; contentType?: "page" | "blogpost" | (string & {}) };
  contentcreate: { spaceKey: string; contentType: "page" | "blogpost" | (string & {}) };
  spaceview: { spaceKey: string };
  spacetools: { spaceKey: string };
  dashboard: Record<string, never>;
  userProfile: { userAccountId: string };
  addonModule: { addonKey: string; moduleKey: string; customData?: NavigatorCustomData };
  contentlist: { contentType: "page" | "blogpost" | (string & {}); spaceKey?: string };
  site: NavigatorSiteContext;
}

/** Every navigator target of Jira and Confluence. */
export type NavigatorTarget = keyof JiraNavigatorTargets | keyof ConfluenceNavigatorTargets;

/** The context a target takes (the Jira and the Confluence form where both products have the target). */
export type NavigatorContext<T extends NavigatorTarget> =
  | (T extends keyof JiraNavigatorTargets ? JiraNavigatorTargets[T] : never)
  | (T extends keyof ConfluenceNavigatorTargets ? ConfluenceNavigatorTargets[T] : never);

/** Where the host page is, as `navigator.getLocation` describes it. */
export interface NavigatorLocation {
  target: NavigatorTarget | (string & {});
  context: Record<string, unknown>;
}

/** Where the iframe is scrolled to on the host page (`AP.scrollPosition.getPosition`). */
export interface ScrollPosition {
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
}

/** Prefill of Jira's create-issue dialog. */
export interface CreateIssueParams {
  /** Project id. */
  pid?: number | string;
  /** Issue type id. */
  issueType?: number | string;
  /** Field values by field id, e.g. `{ summary: "Hello", labels: ["a"] }`. */
  fields?: Record<string, unknown>;
}

/** An issue created in Jira's create-issue dialog (as the host reports it). */
export interface CreatedIssue {
  id?: string;
  key?: string;
  fields?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Options of {@link jira.showJQLEditor}. */
export interface JQLEditorOptions {
  jql?: string;
  header?: string;
  descriptionText?: string;
  submitText?: string;
  cancelText?: string;
}

/** Options of {@link jira.openDatePicker}. */
export interface DatePickerOptions {
  /** The element the picker opens next to. */
  element?: HTMLElement;
  /** Position relative to the iframe, when there is no element. */
  position?: { top: number; left: number };
  /** Also pick a time. */
  showTime?: boolean;
  /** The initially selected date (ISO 8601). */
  date?: string;
  /** Called with the chosen date. */
  onSelect?: (isoDate: string, date: Date) => void;
}

/** The handlers of a workflow post-function configuration page. */
export interface WorkflowConfigurationHandlers {
  /** The configuration to store when the admin saves: a string, or a value stored as JSON. */
  save: () => string | object;
  /** Return `false` to refuse the save. */
  validate?: () => boolean;
}
