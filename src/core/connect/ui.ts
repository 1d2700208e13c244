/**
 * @internal Connect's implementations of the plain capabilities: each a typed table of the `AP` methods behind it
 * (see {@link apMethods}). Each is its own pure export, so an app bundles only the tables of what it uses.
 */
import type { CookiePort, HistoryPort, JiraPort, MacroPort, NavigatorPort, ThemingPort } from "../port.js";
import { apCall, apMethods, ASK, FIRE, WAIT, WAIT_CALLBACK_FIRST } from "./call.js";

/** @internal */
export const connectNavigator = /* @__PURE__ */ apMethods<NavigatorPort>({
  go: [FIRE, 2, "navigator.go"],
  getLocation: [ASK, 0, "navigator.getLocation"],
  // The host page's URL is all.js's own AP.getLocation (AP.env.getLocation underneath).
  getUrl: [ASK, 0, "getLocation", "env.getLocation"],
  reload: [FIRE, 0, "navigator.reload"],
});

/** @internal The one-shot part of Connect's history; popstate is in `connect/history.ts`. */
export const connectHistoryCalls = /* @__PURE__ */ apMethods<Omit<HistoryPort, "onPopState">>({
  back: [FIRE, 0, "history.back"],
  forward: [FIRE, 0, "history.forward"],
  go: [FIRE, 1, "history.go"],
  getState: [ASK, 1, "history.getState"],
  pushState: [FIRE, 3, "history.pushState"],
  replaceState: [FIRE, 3, "history.replaceState"],
});

/** @internal */
export const connectCookie = /* @__PURE__ */ apMethods<CookiePort>({
  save: [FIRE, 3, "cookie.save"],
  read: [ASK, 1, "cookie.read"],
  erase: [FIRE, 1, "cookie.erase"],
});

/** @internal */
export const connectTheming: ThemingPort = {
  // Only `true` is passed on: the host reads the argument's presence.
  enable: (forceNoCleanup) => apCall(FIRE, ["theming.initializeTheming"], forceNoCleanup ? [true] : []),
};

/** @internal */
export const connectMacro = /* @__PURE__ */ apMethods<MacroPort>({
  getData: [ASK, 0, "confluence.getMacroData"],
  getBody: [ASK, 0, "confluence.getMacroBody"],
  save: [FIRE, 2, "confluence.saveMacro"],
  closeEditor: [FIRE, 0, "confluence.closeMacroEditor"],
  closePropertyPanel: [FIRE, 0, "confluence.closeMacroPropertyPanel"],
});

/** @internal */
export const connectJira: JiraPort = /* @__PURE__ */ (() => ({
  ...apMethods<Omit<JiraPort, "onWorkflowConfigurationSave">>({
    refreshIssuePage: [FIRE, 0, "jira.refreshIssuePage"],
    openCreateIssueDialog: [WAIT_CALLBACK_FIRST, 1, "jira.openCreateIssueDialog"],
    openIssueDialog: [WAIT, 1, "jira.openIssueDialog"],
    setDashboardItemTitle: [FIRE, 1, "jira.setDashboardItemTitle"],
    isDashboardItemEditable: [ASK, 0, "jira.isDashboardItemEditable"],
    getWorkflowConfiguration: [ASK, 0, "jira.getWorkflowConfiguration"],
    openDatePicker: [FIRE, 1, "jira.openDatePicker"],
    initJQLEditor: [FIRE, 0, "jira.initJQLEditor"],
    showJQLEditor: [WAIT_CALLBACK_FIRST, 1, "jira.showJQLEditor"],
    isNativeApp: [ASK, 0, "jira.isNativeApp"],
  }),
  async onWorkflowConfigurationSave(save: () => string, validate?: () => boolean) {
    if (validate) await apCall(FIRE, ["jira.WorkflowConfiguration.onSaveValidation"], [validate]);
    await apCall(FIRE, ["jira.WorkflowConfiguration.onSave"], [save]);
  },
}))();
