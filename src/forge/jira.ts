/**
 * @internal Forge's Jira helpers: `view.refresh()` for the issue page, and the issue dialogs of @forge/jira-bridge when
 * the app passes the module (`forge({ jiraBridge })`); the rest has no Forge equivalent and names one.
 */
import { settle, type JiraPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";
import { refusal } from "./support.js";

/** @internal */
export function forgeJira(runtime: ForgeRuntime): JiraPort {
  const rejecting = (call: string) => async (): Promise<never> => {
    throw refusal(call);
  };
  const jiraBridge = (call: string) => {
    const bridge = runtime.options.jiraBridge;
    if (!bridge) throw refusal(call);
    return bridge;
  };
  return {
    refreshIssuePage: () => runtime.call("view.refresh", {}, (bridge) => bridge.view.refresh()),
    async openIssueDialog(issueKey, options) {
      const { ViewIssueModal } = jiraBridge("jira.openIssueDialog");
      // A person reads the issue: no deadline unless the caller sets one.
      return settle<string | undefined>("apkit/forge: ViewIssueModal", { ...options, timeout: options?.timeout ?? Infinity }, (done) => {
        new ViewIssueModal({ context: { issueKey }, onClose: () => done.resolve(issueKey) }).open().catch(done.reject);
      });
    },
    async openCreateIssueDialog(params, options) {
      const { CreateIssueModal } = jiraBridge("jira.openCreateIssueDialog");
      const context: Record<string, unknown> = { ...params?.fields };
      if (params?.pid !== undefined) context.projectId = String(params.pid);
      if (params?.issueType !== undefined) context.issueTypeId = String(params.issueType);
      return settle("apkit/forge: CreateIssueModal", { ...options, timeout: options?.timeout ?? Infinity }, (done) => {
        new CreateIssueModal({ context, onClose: ({ payload }) => done.resolve((payload ?? []).map(({ issueId }) => ({ id: issueId }))) })
          .open()
          .catch(done.reject);
      });
    },
    setDashboardItemTitle: rejecting("jira.setDashboardItemTitle"),
    isDashboardItemEditable: rejecting("jira.isDashboardItemEditable"),
    getWorkflowConfiguration: rejecting("jira.getWorkflowConfiguration"),
    onWorkflowConfigurationSave: rejecting("jira.onWorkflowConfigurationSave"),
    openDatePicker: rejecting("jira.openDatePicker"),
    initJQLEditor: rejecting("jira.initJQLEditor"),
    showJQLEditor: rejecting("jira.showJQLEditor"),
    isNativeApp: rejecting("jira.isNativeApp"),
  };
}
