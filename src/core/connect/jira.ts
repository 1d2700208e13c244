/** @internal Connect's Jira helpers: `AP.jira`. */
import type { JiraPort } from "../port.js";
import { ask, fire, wait } from "./call.js";

/** @internal */
export const connectJira: JiraPort = {
  refreshIssuePage: () => fire("jira.refreshIssuePage"),
  // The CDN all.js's Jira plugin takes these two callback first (and hands the host the callback last).
  openCreateIssueDialog: (params, options) => wait("jira.openCreateIssueDialog", [params], options, true),
  openIssueDialog: (issueKey, options) => wait("jira.openIssueDialog", [issueKey], options),
  setDashboardItemTitle: (title) => fire("jira.setDashboardItemTitle", [title]),
  isDashboardItemEditable: (options) => ask("jira.isDashboardItemEditable", [], options),
  getWorkflowConfiguration: (options) => ask("jira.getWorkflowConfiguration", [], options),
  // Two AP calls, the validation hook first.
  async onWorkflowConfigurationSave(save, validate) {
    if (validate) await fire("jira.WorkflowConfiguration.onSaveValidation", [validate]);
    await fire("jira.WorkflowConfiguration.onSave", [save]);
  },
  openDatePicker: (options) => fire("jira.openDatePicker", [options]),
  initJQLEditor: () => fire("jira.initJQLEditor"),
  showJQLEditor: (editorOptions, options) => wait("jira.showJQLEditor", [editorOptions], options, true),
  isNativeApp: (options) => ask("jira.isNativeApp", [], options),
};
