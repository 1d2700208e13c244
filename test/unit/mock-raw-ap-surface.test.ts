// The raw window.AP surface createMockAP offers, checked path by path: every member is a function on the installed
// mock's window.AP. Legacy components call these directly, and a missing one crashes them with "is not a function".
import { afterEach, describe, expect, test } from "vitest";
import { createMockAP } from "apkit/testing";

// Written by hand from the declarations of @types/atlassian-connect-js 5.2.19 (index.d.ts, `declare namespace AP`):
// every function and every function of a nested namespace, in the order they are declared there.
const FROM_TYPES_COMMON = [
  "defineGlobal", "defineModule", "getLocation", "resize", "sizeToParent", "hideFooter", "addRequestMarshal", "request",
  "context.getToken", "context.getContext",
  "cookie.save", "cookie.read", "cookie.erase",
  "dialog.create", "dialog.close", "dialog.getCustomData", "dialog.getButton", "dialog.disableCloseOnSubmit",
  "dialog.createButton", "dialog.isCloseOnEscape",
  "events.on", "events.onPublic", "events.once", "events.oncePublic", "events.onAny", "events.onAnyPublic",
  "events.off", "events.offPublic", "events.offAll", "events.offAllPublic", "events.offAny", "events.offAnyPublic",
  "events.emit", "events.emitPublic",
  "flag.create",
  "history.back", "history.forward", "history.go", "history.getState", "history.pushState", "history.replaceState",
  "history.popState",
  "host.getSelectedText",
  "inlineDialog.hide",
  "navigator.getLocation", "navigator.go", "navigator.reload",
  "scrollPosition.getPosition", "scrollPosition.setVerticalPosition",
  "theming.initializeTheming",
  "user.getUser", "user.getCurrentUser", "user.getTimeZone", "user.getLocale",
];
// The product namespaces of the same file: `jira` exists in Jira, `confluence` and `customContent` in Confluence.
const FROM_TYPES_JIRA = [
  "jira.refreshIssuePage", "jira.getWorkflowConfiguration", "jira.isDashboardItemEditable", "jira.openCreateIssueDialog",
  "jira.openIssueDialog", "jira.setDashboardItemTitle", "jira.openDatePicker", "jira.initJQLEditor", "jira.showJQLEditor",
  "jira.isNativeApp",
];
const FROM_TYPES_CONFLUENCE = [
  "confluence.saveMacro", "confluence.closeMacroEditor", "confluence.getMacroData", "confluence.getMacroBody",
  "confluence.onMacroPropertyPanelEvent", "confluence.closeMacroPropertyPanel", "confluence.getContentProperty",
  "confluence.setContentProperty", "confluence.syncPropertyFromServer",
  "customContent.getEditComponent",
];
// Not in the types, read from atlassian-connect-js 5.3.190: what dist/iframe.js (all.js) puts on AP itself, and the
// host modules dist/connect-host.js defines (env, dropdown, messages, page, host.focus, events.emitToDataProvider).
const FROM_ALL_JS_AND_CONNECT_HOST = [
  "require", "define", "meta", "Meta.get", "localUrl", "Dialog.create",
  "env.getLocation", "env.resize", "env.sizeToParent", "env.hideFooter",
  "events.emitToDataProvider",
  "dropdown.create", "dropdown.showAt", "dropdown.hide", "dropdown.itemDisable", "dropdown.itemEnable",
  "host.focus", "page.setTitle",
  "messages.info", "messages.success", "messages.warning", "messages.error", "messages.generic", "messages.hint",
  "messages.clear", "messages.onClose",
];

const at = (root: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node == null ? undefined : (node as Record<string, unknown>)[key]), root);
const missing = (root: unknown, paths: string[]) => paths.filter((p) => typeof at(root, p) !== "function");
const rawAP = () => (window as unknown as { AP: unknown }).AP;

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe("the raw AP surface of the installed mock", () => {
  test("Jira: every function of the types, of all.js and of connect-host is there", () => {
    const mock = createMockAP().install();
    uninstall = mock.uninstall;
    expect(missing(rawAP(), [...FROM_TYPES_COMMON, ...FROM_TYPES_JIRA, ...FROM_ALL_JS_AND_CONNECT_HOST])).toEqual([]);
    // the product decides: no Confluence namespaces in Jira
    expect(missing(rawAP(), FROM_TYPES_CONFLUENCE)).toEqual(FROM_TYPES_CONFLUENCE);
  });

  test("Confluence: the same, with the confluence and customContent namespaces", () => {
    const mock = createMockAP({ context: { confluence: { content: { id: "123", type: "page" } } } }).install();
    uninstall = mock.uninstall;
    expect(missing(rawAP(), [...FROM_TYPES_COMMON, ...FROM_TYPES_CONFLUENCE, ...FROM_ALL_JS_AND_CONNECT_HOST])).toEqual([]);
    expect(missing(rawAP(), FROM_TYPES_JIRA)).toEqual(FROM_TYPES_JIRA);
  });

  test("the objects the types declare as returned have their methods: DialogButton, Flag, Dialog, EditComponent", async () => {
    const mock = createMockAP({ context: { confluence: { content: { id: "1" } } }, dialog: { key: "d" } }).install();
    uninstall = mock.uninstall;
    const AP = rawAP() as Record<string, any>;
    const button = AP.dialog.getButton("submit");
    expect(missing(button, ["enable", "disable", "isEnabled", "toggle", "trigger", "isHidden", "hide", "show"])).toEqual([]);
    expect(missing(AP.flag.create({ title: "t" }), ["close"])).toEqual([]);
    expect(missing(AP.dialog.create({ key: "other" }), ["on"])).toEqual([]);
    const editor = AP.customContent.getEditComponent();
    expect(missing(editor, ["intercept", "submitCallback", "submitSuccessCallback", "submitErrorCallback", "cancelCallback"])).toEqual([]);
    await mock.flush();
  });

  test("the check itself fails for a missing path", () => {
    expect(missing({ a: { b: () => 1 } }, ["a.b", "a.c", "x.y"])).toEqual(["a.c", "x.y"]);
  });
});
