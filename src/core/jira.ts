import { FUNCTION, need, needFields, OBJECT, OPTIONAL_FUNCTION, OPTIONAL_OBJECT, STRING, TEXT } from "./check.js";
import { connectJira } from "./connect/jira.js";
import { port } from "./platform.js";
import type { JiraPort } from "./port.js";
import type { WorkflowConfigurationHandlers } from "./types.js";

export type { CreatedIssue, CreateIssueParams, DatePickerOptions, JQLEditorOptions, WorkflowConfigurationHandlers } from "./types.js";

/** The methods of {@link jira}: the port's, with the workflow configuration's handlers as one object. */
export interface JiraAPI extends Omit<JiraPort, "onWorkflowConfigurationSave"> {
  /**
   * Registers what a workflow post-function configuration page stores when the admin saves, and its check.
   * Objects are stored as JSON.
   * @example
   * ```ts
   * await jira.onWorkflowConfigurationSave({ validate: () => form.checkValidity(), save: () => ({ field: form.field.value }) });
   * ```
   */
  onWorkflowConfigurationSave(handlers: WorkflowConfigurationHandlers): Promise<void>;
}

const jiras = () => port("jira", connectJira);
const WORKFLOW_HANDLERS = { save: FUNCTION, validate: OPTIONAL_FUNCTION };

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
export const jira: JiraAPI = {
  refreshIssuePage: async () => jiras().refreshIssuePage(),
  async openCreateIssueDialog(params, options) {
    need(params, OPTIONAL_OBJECT, "jira.openCreateIssueDialog params");
    return jiras().openCreateIssueDialog(params, options);
  },
  async openIssueDialog(issueKey, options) {
    need(issueKey, TEXT, "jira.openIssueDialog issueKey");
    return jiras().openIssueDialog(issueKey, options);
  },
  async setDashboardItemTitle(title) {
    need(title, STRING, "jira.setDashboardItemTitle title");
    return jiras().setDashboardItemTitle(title);
  },
  isDashboardItemEditable: async (options) => jiras().isDashboardItemEditable(options),
  getWorkflowConfiguration: async (options) => jiras().getWorkflowConfiguration(options),
  async onWorkflowConfigurationSave(handlers) {
    needFields(handlers, "jira.onWorkflowConfigurationSave handlers", WORKFLOW_HANDLERS);
    const { save, validate } = handlers;
    // Objects are stored as JSON: the host keeps a string.
    return jiras().onWorkflowConfigurationSave(() => {
      const value = save();
      return typeof value === "string" ? value : JSON.stringify(value);
    }, validate);
  },
  async openDatePicker(options) {
    need(options, OBJECT, "jira.openDatePicker options");
    return jiras().openDatePicker(options);
  },
  initJQLEditor: async () => jiras().initJQLEditor(),
  async showJQLEditor(editorOptions, options) {
    need(editorOptions, OPTIONAL_OBJECT, "jira.showJQLEditor options");
    return jiras().showJQLEditor(editorOptions, options);
  },
  isNativeApp: async (options) => jiras().isNativeApp(options),
};
