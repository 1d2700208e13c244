/**
 * How each raw `AP` method behaves on Forge through apkit/compat, in one list: installAP takes its own refusals' words
 * from it, docs/compat.md prints it (and a test checks the page against it), and tools (apkit-migrate's readiness
 * check) read it at run time. Where a raw method runs as an apkit call, its status and words come from apkit/forge's
 * `forgeSupport`, so this list follows the library.
 */
import { forgeSupport, type ForgeSupportStatus } from "apkit/forge";

/** How one raw `AP` method behaves on Forge through apkit/compat. */
export interface RawSupport {
  /**
   * The apkit call this raw method runs as (a key of apkit/forge's `forgeSupport`), or `null` when apkit/compat
   * implements it on its own (`AP.require`, `AP.define`, `AP.meta`, ...).
   */
  readonly apkit: string | null;
  /** `works`: as on Connect; `differs`: works, with the documented difference; `unsupported`: fails coded (`ERR_UNSUPPORTED_ON_PLATFORM`). */
  readonly status: ForgeSupportStatus;
  /** `differs`: what differs. `unsupported`: what to use instead (the words of the error and of the warning). */
  readonly note?: string;
}

// A raw method that runs as the apkit call `apkit`: its status and words are forgeSupport's, plus what compat adds.
function via(apkit: string, extra?: string): RawSupport {
  const entry = forgeSupport[apkit];
  if (!entry) throw new Error(`apkit/compat: no forgeSupport entry "${apkit}"`);
  const note = [entry.status === "works" ? undefined : entry.note, extra].filter(Boolean).join("; ");
  return note ? { apkit, status: entry.status, note } : { apkit, status: entry.status };
}
const own = (status: ForgeSupportStatus, note?: string): RawSupport => (note ? { apkit: null, status, note } : { apkit: null, status });

const NO_SUB_FRAMES = "a Forge resource hosts no Connect iframes of its own";
const NO_DROPDOWNS = "Forge has no host dropdowns: draw the menu in the resource";
const NO_CUSTOM_CONTENT_EDITOR = "Forge custom content is edited in its own resource (the confluence:customContent module's edit view)";
const AS_FLAG = "shown as a flag, as connect-host's deprecation of messages advises";
const CONTENT_PROPERTIES = "Confluence REST v2 content properties of the context's content, versions checked by the product as on Connect";
const BUTTON = "dialog.button";

/**
 * Every raw `AP` method apkit/compat implements, keyed by its path without `AP.` (`"request"`, `"context.getToken"`,
 * `"dialog.getButton"`, `"events.on"`, ...); the methods of the objects some calls return are keyed by the call that
 * returns them (`"dialog.create().on"`, `"dialog.getButton().disable"`, `"flag.create().close"`). Covers every method
 * of @types/atlassian-connect-js 5.2.19, what all.js 5.3 adds itself (`require`, `define`, `meta`, `sizeToParent`,
 * ...) and connect-host's own modules (`env`, `messages`, `dropdown`, `page`, `host`).
 *
 * @example
 * ```ts
 * import { rawSupport } from "apkit/compat";
 * const { status, apkit, note } = rawSupport["context.getToken"];
 * console.log(status, apkit, note); // "unsupported", "getToken", "call your backend with apFetch ..."
 * ```
 */
export const rawSupport: Readonly<Record<string, RawSupport>> = {
  request: via(
    "request",
    "AP.request itself sends the headers Connect's sends (Accept, If-Match, If-None-Match, contentType) and drops others, as Connect does; a failure without any status (no answer, a deadline) calls error with an xhr of status 0 and the apkit error as errorThrown",
  ),
  resize: via("resize"),
  sizeToParent: via("sizeToParent"),
  hideFooter: via("hideFooter"),
  getLocation: via("navigator.getUrl"),
  require: own("works"),
  define: own("works"),
  meta: own("works"),
  "Meta.get": own("works"),
  localUrl: own("works"),
  defineModule: own("unsupported", NO_SUB_FRAMES),
  defineGlobal: own("unsupported", NO_SUB_FRAMES),
  addRequestMarshal: own("works"),

  "context.getToken": via("getToken"),
  "context.getContext": via("getContext"),

  "user.getCurrentUser": via("getCurrentUser"),
  "user.getLocale": via("getLocale"),
  "user.getTimeZone": via("getTimeZone"),
  "user.getUser": via("getCurrentUser", "id and key are the accountId (as on Connect since usernames went away), fullName the displayName of the product's REST"),

  "events.on": via("events.on", "several arguments travel as one payload that apkit/compat spreads again"),
  "events.once": via("events.once", "several arguments travel as one payload that apkit/compat spreads again"),
  "events.off": via("events.off"),
  "events.offAll": via("events.off"),
  "events.onAny": via("events.onAny"),
  "events.offAny": via("events.off"),
  "events.emit": via("events.emit", "several arguments travel as one payload that apkit/compat frames spread again"),
  "events.onPublic": via("events.onPublic"),
  "events.oncePublic": via("events.onPublic"),
  "events.offPublic": via("events.off"),
  "events.offAllPublic": via("events.off"),
  "events.onAnyPublic": via("events.onAnyPublic"),
  "events.offAnyPublic": via("events.off"),
  "events.emitPublic": via("events.emitPublic"),
  "events.emitToDataProvider": own("unsupported", "Forge has no data providers for Connect events: emit an event with events.emit"),

  "dialog.create": via("dialog.open", "the opener hears dialog.close (and create().on(\"close\")) with the data the modal closed with; other frames of the app do not"),
  "dialog.create().on": via("dialog.open", "\"close\" runs once, with the data the modal closed with"),
  "Dialog.create": via("dialog.open", "all.js's alias of dialog.create"),
  "dialog.close": via("dialog.close"),
  "dialog.getCustomData": via("dialog.getCustomData"),
  "dialog.getButton": via(BUTTON),
  "dialog.getButton().enable": via(BUTTON),
  "dialog.getButton().disable": via(BUTTON),
  "dialog.getButton().toggle": via(BUTTON),
  "dialog.getButton().show": via(BUTTON),
  "dialog.getButton().hide": via(BUTTON),
  "dialog.getButton().trigger": via(BUTTON),
  "dialog.getButton().isEnabled": via(BUTTON),
  "dialog.getButton().isHidden": via(BUTTON),
  "dialog.getButton().bind": via(BUTTON),
  "dialog.createButton": via("dialog.createButton"),
  "dialog.disableCloseOnSubmit": via("dialog.disableCloseOnSubmit"),
  "dialog.isCloseOnEscape": own("unsupported", "a Forge modal's Escape key is the opener's closeOnEscape option; the modal cannot ask for it"),
  "inlineDialog.hide": via("dialog.hideInline"),

  "flag.create": via("flag.show", "flag.action and flag.close reach the frame that showed the flag, with the flagIdentifier apkit/compat gave it"),
  "flag.create().close": via("flag.show"),
  "messages.info": via("flag.show", AS_FLAG),
  "messages.success": via("flag.show", AS_FLAG),
  "messages.warning": via("flag.show", AS_FLAG),
  "messages.error": via("flag.show", AS_FLAG),
  "messages.generic": via("flag.show", AS_FLAG),
  "messages.hint": via("flag.show", AS_FLAG),
  "messages.clear": via("flag.show", AS_FLAG),
  "messages.onClose": via("flag.show", AS_FLAG),

  "navigator.go": via("navigator.go"),
  "navigator.getLocation": via("navigator.getLocation"),
  "navigator.reload": via("navigator.reload"),

  "history.back": via("history.back"),
  "history.forward": via("history.forward"),
  "history.go": via("history.go"),
  "history.getState": via("history.getState", "without a callback (the CDN all.js's synchronous form) it answers the anchor apkit/compat last saw (pushState, replaceState, a pop, an answered getState), \"\" before any"),
  "history.pushState": via("history.pushState"),
  "history.replaceState": via("history.replaceState"),
  "history.popState": via("history.onPopState", "the callback runs once, on the next change, as the bridge's does"),

  "cookie.save": via("cookie.save"),
  "cookie.read": via("cookie.read"),
  "cookie.erase": via("cookie.erase"),

  "scrollPosition.getPosition": via("scrollPosition.get"),
  "scrollPosition.setVerticalPosition": via("scrollPosition.setVertical"),
  "theming.initializeTheming": via("theming.enable"),

  "env.resize": via("resize"),
  "env.sizeToParent": via("sizeToParent"),
  "env.hideFooter": via("hideFooter"),
  "env.getLocation": via("navigator.getUrl"),
  "host.getSelectedText": own("works", "answers \"\", as connect-host 5.3 does (the host page's selection is not readable)"),
  "host.focus": own("differs", "focuses the frame's own window"),
  "page.setTitle": own("unsupported", "apkit has no call for the page title: use view.changeWindowTitle of @forge/bridge"),
  "dropdown.create": own("unsupported", NO_DROPDOWNS),
  "dropdown.showAt": own("unsupported", NO_DROPDOWNS),
  "dropdown.hide": own("unsupported", NO_DROPDOWNS),
  "dropdown.itemDisable": own("unsupported", NO_DROPDOWNS),
  "dropdown.itemEnable": own("unsupported", NO_DROPDOWNS),

  "confluence.getMacroData": via("macro.getData"),
  "confluence.getMacroBody": via("macro.getBody"),
  "confluence.saveMacro": via("macro.save", "a body equal to the one getMacroBody read stays as it is, and the parameters are saved"),
  "confluence.closeMacroEditor": via("macro.closeEditor"),
  "confluence.closeMacroPropertyPanel": via("macro.closePropertyPanel"),
  "confluence.onMacroPropertyPanelEvent": via("macro.onPropertyPanelEvent"),
  "confluence.getContentProperty": via("request", CONTENT_PROPERTIES),
  "confluence.setContentProperty": via("request", CONTENT_PROPERTIES),
  "confluence.syncPropertyFromServer": via("request", CONTENT_PROPERTIES),
  "customContent.getEditComponent": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),
  "customContent.getEditComponent().intercept": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),
  "customContent.getEditComponent().submitCallback": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),
  "customContent.getEditComponent().submitSuccessCallback": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),
  "customContent.getEditComponent().submitErrorCallback": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),
  "customContent.getEditComponent().cancelCallback": own("unsupported", NO_CUSTOM_CONTENT_EDITOR),

  "jira.refreshIssuePage": via("jira.refreshIssuePage"),
  "jira.openCreateIssueDialog": via("jira.openCreateIssueDialog"),
  "jira.openIssueDialog": via("jira.openIssueDialog"),
  "jira.setDashboardItemTitle": via("jira.setDashboardItemTitle"),
  "jira.isDashboardItemEditable": via("jira.isDashboardItemEditable"),
  "jira.getWorkflowConfiguration": via("jira.getWorkflowConfiguration"),
  "jira.WorkflowConfiguration.onSaveValidation": via("jira.onWorkflowConfigurationSave"),
  "jira.WorkflowConfiguration.onSave": via("jira.onWorkflowConfigurationSave"),
  "jira.WorkflowConfiguration.trigger": own("unsupported", "use workflowRules of @forge/jira-bridge in the rule's config resource"),
  "jira.openDatePicker": via("jira.openDatePicker"),
  "jira.initJQLEditor": via("jira.initJQLEditor"),
  "jira.showJQLEditor": via("jira.showJQLEditor"),
  "jira.isNativeApp": via("jira.isNativeApp"),
};
