import type { CallOptions } from "./bridge.js";
import { check, isObject, isOptionalObject, isString, isText } from "./check.js";
import { apCall, ASK, FIRE, plain, WAIT, WAIT_CALLBACK_FIRST } from "./connect/call.js";
import type { JiraPort } from "./port.js";

// Connect's workflow configuration: two AP calls, the validation hook first.
const connectOnWorkflowConfigurationSave = async (save: () => string, validate?: () => boolean): Promise<void> => {
  if (validate) await apCall(FIRE, ["jira.WorkflowConfiguration.onSaveValidation"], [validate]);
  await apCall(FIRE, ["jira.WorkflowConfiguration.onSave"], [save]);
};

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

/** The methods of {@link jira}. */
export interface JiraAPI {
  /**
   * Refreshes the issue view without reloading the browser page.
   * @example
   * ```ts
   * await jira.refreshIssuePage();
   * ```
   */
  refreshIssuePage(): Promise<void>;
  /**
   * Opens Jira's create-issue dialog, prefilled; resolves with the issues created when it closes.
   * @example
   * ```ts
   * const [issue] = await jira.openCreateIssueDialog({ pid: 10000, issueType: 10001, fields: { summary: "Follow-up" } });
   * ```
   */
  openCreateIssueDialog(params?: CreateIssueParams, options?: CallOptions): Promise<CreatedIssue[]>;
  /**
   * Opens an issue in Jira's issue dialog; resolves when it is closed.
   * @example
   * ```ts
   * await jira.openIssueDialog("ABC-1");
   * ```
   */
  openIssueDialog(issueKey: string, options?: CallOptions): Promise<string | undefined>;
  /**
   * Sets the title of this dashboard item.
   * @example
   * ```ts
   * await jira.setDashboardItemTitle("Open bugs (12)");
   * ```
   */
  setDashboardItemTitle(title: string): Promise<void>;
  /**
   * Whether the user may edit this dashboard item.
   * @example
   * ```ts
   * if (await jira.isDashboardItemEditable()) showSettingsLink();
   * ```
   */
  isDashboardItemEditable(options?: CallOptions): Promise<boolean>;
  /**
   * The stored configuration of the workflow post function being edited (on its configuration page).
   * @example
   * ```ts
   * const saved = JSON.parse((await jira.getWorkflowConfiguration()) || "{}");
   * ```
   */
  getWorkflowConfiguration(options?: CallOptions): Promise<string | undefined>;
  /**
   * Registers what a workflow post-function configuration page stores when the admin saves, and its check.
   * Objects are stored as JSON.
   * @example
   * ```ts
   * await jira.onWorkflowConfigurationSave({ validate: () => form.checkValidity(), save: () => ({ field: form.field.value }) });
   * ```
   */
  onWorkflowConfigurationSave(handlers: WorkflowConfigurationHandlers): Promise<void>;
  /**
   * Opens Jira's date picker next to `element` (or at `position`); `onSelect` gets the choice.
   * @example
   * ```ts
   * await jira.openDatePicker({ element: input, date: input.value, onSelect: (iso) => (input.value = iso) });
   * ```
   */
  openDatePicker(options: DatePickerOptions): Promise<void>;
  /**
   * Loads the JQL editor ahead of {@link JiraAPI.showJQLEditor}, so it opens at once.
   * @example
   * ```ts
   * await jira.initJQLEditor();
   * ```
   */
  initJQLEditor(): Promise<void>;
  /**
   * Opens Jira's JQL editor; resolves with the query the user submits.
   * @example
   * ```ts
   * const { jql } = await jira.showJQLEditor({ jql: "project = ABC", header: "Filter issues" });
   * ```
   */
  showJQLEditor(editorOptions?: JQLEditorOptions, options?: CallOptions): Promise<{ jql: string }>;
  /**
   * Whether the page runs in Jira's mobile app.
   * @example
   * ```ts
   * if (await jira.isNativeApp()) document.body.classList.add("mobile");
   * ```
   */
  isNativeApp(options?: CallOptions): Promise<boolean>;
}

/**
 * Jira's own UI from an app iframe: refresh the issue view, its create-issue and issue dialogs, dashboard items,
 * workflow post-function configuration, the JQL editor and the date picker. The dialogs and the JQL editor resolve
 * when the user is done, with no deadline unless you pass a `timeout`.
 *
 * The date picker, workflow configuration and the callback-first dialogs need the app-side Jira plugin of
 * Atlassian's all.js from the CDN (what products serve); without it they fail with `ERR_METHOD_UNAVAILABLE` or, for
 * the dialogs, never answer.
 *
 * @example
 * ```ts
 * import { jira, requestJson } from "apkit";
 * await requestJson(`/rest/api/3/issue/${key}`, { method: "PUT", body: { fields: { labels: ["done"] } } });
 * await jira.refreshIssuePage();
 * ```
 */
// An IIFE marked pure, so bundlers drop the whole object when an app does not use it.
export const jira: JiraAPI = /* @__PURE__ */ (() => {
  const calls = plain<JiraPort>("jira", {
    refreshIssuePage: [0, FIRE, 0, "jira.refreshIssuePage"],
    openCreateIssueDialog: [isOptionalObject, WAIT_CALLBACK_FIRST, 1, "jira.openCreateIssueDialog"],
    openIssueDialog: [isText, WAIT, 1, "jira.openIssueDialog"],
    setDashboardItemTitle: [isString, FIRE, 1, "jira.setDashboardItemTitle"],
    isDashboardItemEditable: [0, ASK, 0, "jira.isDashboardItemEditable"],
    getWorkflowConfiguration: [0, ASK, 0, "jira.getWorkflowConfiguration"],
    onWorkflowConfigurationSave: [0, connectOnWorkflowConfigurationSave],
    openDatePicker: [isObject, FIRE, 1, "jira.openDatePicker"],
    initJQLEditor: [0, FIRE, 0, "jira.initJQLEditor"],
    showJQLEditor: [isOptionalObject, WAIT_CALLBACK_FIRST, 1, "jira.showJQLEditor"],
    isNativeApp: [0, ASK, 0, "jira.isNativeApp"],
  });
  return {
    ...calls,
    async onWorkflowConfigurationSave({ save, validate }: WorkflowConfigurationHandlers) {
      check(typeof save === "function" && (!validate || typeof validate === "function"), "handlers");
      await calls.onWorkflowConfigurationSave(() => {
        const value = save();
        return typeof value === "string" ? value : JSON.stringify(value);
      }, validate);
    },
  };
})();
