/**
 * @internal The products' host modules over apkit: `jira` (apkit's `jira`), `confluence` (apkit's `macro`, and the
 * content property methods over Confluence's REST v2 through `request`) and `customContent`'s editor methods, which
 * all.js's EditComponent (allJs.ts) forwards to.
 */
import { getContext, jira, macro, requestJson } from "apkit";
import type { Kit } from "./kit.js";
import { isObject } from "./request.js";

/** A Confluence content property as the raw methods answer it. */
interface ContentProperty {
  id: string;
  key: string;
  value: unknown;
  version: { number: number };
}

const NO_CONTENT = "The content does not exist or you do not have permission to see it.";

/** @internal */
export function compatProduct(kit: Kit) {
  const refuse = (raw: string) =>
    kit.act(raw, () => {
      throw kit.refusal(raw);
    });
  // The body getMacroBody last read: saveMacro leaves an unchanged body as it is.
  let body: string | undefined;
  // all.js registers the workflow rule's two hooks one by one; apkit takes them together.
  let save: (() => string) | undefined;
  let validate: (() => boolean) | undefined;
  const registerWorkflowHooks = () => jira.onWorkflowConfigurationSave({ save: () => save?.() ?? "", validate });

  return {
    jira: {
      refreshIssuePage: kit.act("jira.refreshIssuePage", () => jira.refreshIssuePage()),
      // The host's argument order (callback last); all.js's Jira plugin takes the callback first (allJs.ts).
      openCreateIssueDialog: kit.answer("jira.openCreateIssueDialog", (params?: object) => jira.openCreateIssueDialog(params)),
      openIssueDialog: kit.answer("jira.openIssueDialog", (issueKey: unknown) => jira.openIssueDialog(String(issueKey))),
      setDashboardItemTitle: kit.act("jira.setDashboardItemTitle", (title: unknown) => jira.setDashboardItemTitle(String(title))),
      isDashboardItemEditable: kit.answer("jira.isDashboardItemEditable", () => jira.isDashboardItemEditable()),
      getWorkflowConfiguration: kit.answer("jira.getWorkflowConfiguration", () => jira.getWorkflowConfiguration()),
      WorkflowConfiguration: {
        onSaveValidation: kit.act("jira.WorkflowConfiguration.onSaveValidation", (listener: () => boolean) => {
          validate = listener;
          return registerWorkflowHooks();
        }),
        onSave: kit.act("jira.WorkflowConfiguration.onSave", (listener: () => string) => {
          save = listener;
          return registerWorkflowHooks();
        }),
        trigger: refuse("jira.WorkflowConfiguration.trigger"),
      },
      openDatePicker: kit.act("jira.openDatePicker", (options: object) => jira.openDatePicker(options)),
      initJQLEditor: kit.act("jira.initJQLEditor", () => jira.initJQLEditor()),
      showJQLEditor: kit.answer("jira.showJQLEditor", (options?: object) => jira.showJQLEditor(options)),
      isNativeApp: kit.answer("jira.isNativeApp", () => jira.isNativeApp()),
    },
    confluence: {
      getMacroData: kit.answer("confluence.getMacroData", () => macro.getData()),
      getMacroBody: kit.answer("confluence.getMacroBody", async () => (body = await macro.getBody())),
      saveMacro: kit.act("confluence.saveMacro", (parameters: unknown, newBody?: string) =>
        macro.save(isObject(parameters) ? parameters : {}, newBody === body ? undefined : newBody),
      ),
      closeMacroEditor: kit.act("confluence.closeMacroEditor", () => macro.closeEditor()),
      closeMacroPropertyPanel: kit.act("confluence.closeMacroPropertyPanel", () => macro.closePropertyPanel()),
      // apkit's own subscribes events no Forge host sends: refused rather than silent.
      onMacroPropertyPanelEvent: refuse("confluence.onMacroPropertyPanelEvent"),
      getContentProperty: kit.answer("confluence.getContentProperty", (key: unknown) => readProperty(String(key))),
      syncPropertyFromServer: kit.answer("confluence.syncPropertyFromServer", (key: unknown) => readProperty(String(key))),
      setContentProperty: kit.answer("confluence.setContentProperty", (property: unknown) => writeProperty(property)),
    },
    // What the EditComponent of all.js's Confluence plugin calls (allJs.ts builds it over these).
    customContent: {
      intercept: refuse("customContent.getEditComponent().intercept"),
      submitCallback: refuse("customContent.getEditComponent().submitCallback"),
      submitSuccessCallback: refuse("customContent.getEditComponent().submitSuccessCallback"),
      submitErrorCallback: refuse("customContent.getEditComponent().submitErrorCallback"),
      cancelCallback: refuse("customContent.getEditComponent().cancelCallback"),
    },
  };
}

/** The REST v2 properties collection of the context's content, or undefined outside content. */
async function propertiesOfContent(): Promise<string | undefined> {
  const { confluence } = (await getContext()) as { confluence?: { content?: { id?: unknown; type?: unknown } } };
  const content = confluence?.content;
  if (content?.id === undefined) return undefined;
  const collection = content.type === "blogpost" ? "blogposts" : content.type === undefined || content.type === "page" ? "pages" : "custom-content";
  return `/api/v2/${collection}/${encodeURIComponent(String(content.id))}/properties`;
}

const asRaw = ({ id, key, value, version }: ContentProperty): ContentProperty => ({ id, key, value, version: { number: version.number } });

async function readProperty(key: string, collection?: string): Promise<ContentProperty | undefined> {
  const at = collection ?? (await propertiesOfContent());
  if (!at) return undefined;
  const page = await requestJson<{ results?: ContentProperty[] }>(`${at}?key=${encodeURIComponent(key)}`);
  const found = page?.results?.[0];
  return found && asRaw(found);
}

// The product checks the version: a write must name the next one, as on Connect.
async function writeProperty(property: unknown): Promise<{ property: ContentProperty } | { error: string }> {
  const at = await propertiesOfContent();
  if (!at) return { error: NO_CONTENT };
  if (!isObject(property) || typeof property.key !== "string") return { error: "A property key is required." };
  const { key, value, version } = property;
  const current = await readProperty(key, at);
  try {
    const saved = current
      ? await requestJson<ContentProperty>(`${at}/${current.id}`, { method: "PUT", body: { key, value, version } })
      : await requestJson<ContentProperty>(at, { method: "POST", body: { key, value } });
    return { property: asRaw(saved) };
  } catch (error) {
    const { code, status, body } = error as { code?: string; status?: number; body?: { errors?: Array<{ title?: string }> } };
    if (code !== "ERR_HTTP_STATUS") throw error;
    return { error: body?.errors?.[0]?.title ?? `HTTP ${status}` };
  }
}
