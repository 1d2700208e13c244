// `apkit-migrate manifest` on the descriptor fixtures (Jira and Confluence, every mapped module type, placeholders,
// lifecycle, webhooks, both Connect authentication types): what @forge/manifest (the Forge CLI's validator) says of
// every manifest written, what moves where, and that moving modules one at a time ends where moving them at once does.
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { MigrateError } from "../../src/manifest/errors.js";
import { migrateManifest, PLACEHOLDER_APP_ID, RUNTIME } from "../../src/manifest/migrate.js";
import type { ForgeManifest } from "../../src/manifest/types.js";
import { movedByConnectToForge } from "./connectToForgeRules.js";
import { errorsOf, fixtures, rerun, run } from "./fixtures.js";

const fixture = (name: string) => fixtures.find((candidate) => candidate.name === name)!;

describe.each(fixtures)("$name", ({ descriptor, env, product }) => {
  test("the first manifest (nothing moved) and the --move-ui one pass @forge/manifest's validation", async () => {
    const first = run(descriptor);
    expect(await errorsOf(first.yaml, env)).toEqual([]);
    const all = run(descriptor, { moveUi: true });
    expect(await errorsOf(all.yaml, env)).toEqual([]);
    expect(all.manifest.app.connect?.key).toBeTruthy();
    expect(all.manifest.app.runtime?.name).toBe(RUNTIME);
    expect(all.report.placeholderAppId).toBe(true);
    expect(product).toBe(all.report.product);
  });

  test("every module left in connectModules has a reason", () => {
    const all = run(descriptor, { moveUi: true });
    const left = Object.values(all.manifest.connectModules ?? {}).flat().map((module) => module.key);
    expect(all.report.staying.map((entry) => entry.key).sort()).toEqual([...left].sort());
    for (const entry of all.report.staying) expect(entry.reason.length, entry.key).toBeGreaterThan(10);
  });

  test("moving the modules one at a time (manifest, then --move on it) ends where --move-ui does", async () => {
    const all = run(descriptor, { moveUi: true });
    const order = all.report.moved.map((moved) => moved.key);
    let step = run(descriptor);
    for (const key of order) {
      // A module moved with another one (the dialog a web item opens) is no longer there to move.
      if (!step.report.staying.some((entry) => entry.key === key)) continue;
      step = rerun(step.yaml, { move: [key] });
      expect(await errorsOf(step.yaml, env), `after --move ${key}`).toEqual([]);
    }
    expect(parse(step.yaml)).toEqual(parse(all.yaml));
    expect(step.forgeOptions.remote).toBe(all.forgeOptions.remote);
    expect(Object.keys(step.forgeOptions.dialogs ?? {}).sort()).toEqual(Object.keys(all.forgeOptions.dialogs ?? {}).sort());
  });

  test("in any order, one at a time gives the same manifest (up to the order of list items)", () => {
    const all = run(descriptor, { moveUi: true });
    let step = run(descriptor);
    for (const key of all.report.moved.map((moved) => moved.key).reverse()) {
      if (step.report.staying.some((entry) => entry.key === key)) step = rerun(step.yaml, { move: [key] });
    }
    expect(sorted(parse(step.yaml))).toEqual(sorted(parse(all.yaml)));
  });

  test("moves strictly more modules natively than connect-to-forge's rules, and every one they move", () => {
    const theirs = movedByConnectToForge(descriptor, product);
    const ours = run(descriptor, { moveUi: true }).report.moved.map((moved) => moved.key);
    for (const key of theirs) expect(ours).toContain(key);
    expect(ours.length).toBeGreaterThan(theirs.length);
  });
});

/** Sorts every list of objects by key, so two manifests compare regardless of the order modules were added in. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(sorted);
    return items.every((item) => item && typeof item === "object" && "key" in item) ? [...items].sort((a, b) => String((a as { key: string }).key).localeCompare(String((b as { key: string }).key))) : items;
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sorted(item)]));
  return value;
}

describe("the Jira fixture, moved with --move-ui", () => {
  const all = run(fixture("jira-full.json").descriptor, { moveUi: true, resources: "static" });
  const { manifest, report } = all;
  const forgeTypeOf = (key: string) => report.moved.find((moved) => moved.key === key)?.forgeType;

  test("each Jira UI module becomes its Forge module with a Custom UI resource", () => {
    expect(forgeTypeOf("tools-home")).toBe("jira:globalPage");
    expect(forgeTypeOf("tools-admin")).toBe("jira:adminPage");
    expect(manifest.modules?.["jira:adminPage"]?.find((m) => m.key === "tools-configure")).toMatchObject({ useAsConfig: true });
    expect(manifest.modules?.["jira:adminPage"]?.find((m) => m.key === "tools-get-started")).toMatchObject({ useAsGetStarted: true });
    expect(forgeTypeOf("tools-project")).toBe("jira:projectPage");
    expect(forgeTypeOf("tools-project-settings")).toBe("jira:projectSettingsPage");
    expect(forgeTypeOf("tools-issue-panel")).toBe("jira:issuePanel");
    expect(forgeTypeOf("tools-issue-side")).toBe("jira:issueContext");
    expect(forgeTypeOf("tools-issue-content")).toBe("jira:issuePanel");
    expect(forgeTypeOf("tools-glance")).toBe("jira:issueContext");
    expect(forgeTypeOf("tools-history")).toBe("jira:issueActivity");
    expect(forgeTypeOf("tools-gadget")).toBe("jira:dashboardGadget");
    expect(manifest.modules?.["jira:dashboardGadget"]?.[0]).toMatchObject({ key: "tools-gadget", resource: "tools-gadget", edit: { resource: "tools-gadget" }, refreshable: true });
    expect(forgeTypeOf("tools-issue-action")).toBe("jira:issueAction");
    expect(manifest.modules?.["jira:issueAction"]?.find((m) => m.key === "tools-issue-action")).toMatchObject({ resource: "tools-edit-dialog" });
    expect(forgeTypeOf("tools-own-action")).toBe("jira:issueAction");
    expect(forgeTypeOf("tools-edit-dialog")).toBe("resource");
    expect(forgeTypeOf("tools-confirm")).toBe("resource");
    for (const module of Object.values(manifest.modules ?? {}).flat()) {
      if (typeof module.resource === "string") expect(manifest.resources?.some((resource) => resource.key === module.resource && resource.path === `static/${module.resource}`)).toBe(true);
    }
  });

  test("Jira permissions move as Atlassian's converter moves them", () => {
    expect(manifest.modules?.["jira:globalPermission"]).toEqual([
      { key: "tools-global-permission", name: "Use Issue Tools", description: "Lets users run checks", anonymousAllowed: false, defaultGrants: ["all"], migratedFromConnect: true },
    ]);
    expect(manifest.modules?.["jira:projectPermission"]?.[0]).toMatchObject({ key: "tools-project-permission", category: "issues", migratedFromConnect: true });
  });

  test("what has no Forge module, or whose location cannot be mapped, stays with its reason", () => {
    const reasonOf = (key: string) => report.staying.find((entry) => entry.key === key)?.reason;
    expect(reasonOf("tools-sidebar-footer")).toMatch(/location "atl\.jira\.proj\.config\.sidebar"/);
    expect(reasonOf("tools-nav-link")).toMatch(/links to a page/);
    expect(reasonOf("tools-section")).toMatch(/web sections/);
    expect(reasonOf("lifecycle-events")).toMatch(/install callbacks/);
    expect(reasonOf("webhook-1")).toMatch(/product events/);
    expect(reasonOf("tools-post-function")).toMatch(/function/);
    expect(Object.keys(manifest.connectModules ?? {}).sort()).toEqual(
      ["jira:dialogs", "jira:jiraEntityProperties", "jira:jiraWorkflowPostFunctions", "jira:lifecycle", "jira:translations", "jira:webItems", "jira:webPanels", "jira:webSections", "jira:webhooks"].sort(),
    );
    expect(manifest.connectModules?.["jira:webhooks"]?.map((hook) => hook.key)).toEqual(["webhook-1", "webhook-2"]);
    expect(manifest.connectModules?.["jira:lifecycle"]).toEqual([{ key: "lifecycle-events", installed: "/installed", uninstalled: "/uninstalled", enabled: "/enabled", disabled: "/disabled" }]);
  });

  test("dialogs stay in connectModules while a Connect page that may open them remains", () => {
    // tools-sidebar-footer (a web panel with no Forge location) is still a Connect page: it may open them.
    expect(manifest.connectModules?.["jira:dialogs"]?.map((dialog) => dialog.key)).toEqual(["tools-edit-dialog", "tools-confirm"]);
    const withoutFooter = structuredClone(fixture("jira-full.json").descriptor);
    (withoutFooter.modules as { webPanels: unknown[] }).webPanels.pop();
    expect(run(withoutFooter, { moveUi: true }).manifest.connectModules?.["jira:dialogs"]).toBeUndefined();
    const partial = run(fixture("jira-full.json").descriptor, { move: ["tools-edit-dialog"] });
    expect(partial.manifest.connectModules?.["jira:dialogs"]?.map((dialog) => dialog.key)).toEqual(["tools-edit-dialog", "tools-confirm"]);
    expect(partial.manifest.resources?.map((resource) => resource.key)).toEqual(["tools-edit-dialog"]);
    expect(partial.report.staying.find((entry) => entry.key === "tools-edit-dialog")?.reason).toMatch(/kept while Connect pages remain/);
  });

  test("the Connect scopes are kept for the Connect parts, with the Forge scopes the moved pages may use", () => {
    expect(manifest.permissions?.scopes).toEqual(["read:jira-work", "read:jira-user", "write:jira-work", "read:connect-jira", "write:connect-jira", "delete:connect-jira", "act-as-user:connect-jira"]);
    expect(run(fixture("jira-full.json").descriptor).manifest.permissions?.scopes).toEqual(["read:connect-jira", "write:connect-jira", "delete:connect-jira", "act-as-user:connect-jira"]);
  });

  test("the remote, the lifecycle, licensing and the translations are carried over", () => {
    expect(manifest.app).toMatchObject({ id: PLACEHOLDER_APP_ID, connect: { key: "com.example.issue-tools", remote: "connect", authentication: "jwt" }, licensing: { enabled: true } });
    expect(manifest.remotes).toEqual([{ key: "connect", baseUrl: "{{localBaseUrl}}", operations: ["compute", "fetch"], auth: { appSystemToken: { enabled: false }, appUserToken: { enabled: false } } }]);
    expect(manifest.connectModules?.["jira:translations"]).toEqual([{ key: "connect-translations", paths: { "en-US": "/i18n/en_US.json", "fr-FR": "/i18n/fr_FR.json" } }]);
  });

  test("placeholders are left intact and reported; context parameters are mapped to what getContext() answers", () => {
    expect(report.placeholders).toEqual(expect.arrayContaining([{ path: "baseUrl", text: "{{localBaseUrl}}" }, { path: "modules.webhooks[1].url", text: "${issue.key}" }]));
    const panel = report.moved.find((moved) => moved.key === "tools-issue-panel")!;
    expect(panel.contextParameters).toEqual([
      { parameter: "issue.key", query: "issueKey", forge: "getContext() → jira.issue.key" },
      { parameter: "issue.id", query: "issueId", forge: "getContext() → jira.issue.id" },
      { parameter: "issuetype.id", query: "type", forge: "getContext() → jira.issue.issuetype.id" },
    ]);
    const project = report.moved.find((moved) => moved.key === "tools-project")!;
    expect(project.contextParameters.map((p) => p.forge)).toEqual(["getContext() → jira.project.key", "getContext() → jira.project.id"]);
    const home = report.moved.find((moved) => moved.key === "tools-home")!;
    expect(home.contextParameters[0]).toMatchObject({ parameter: "ac.mode", query: "mode" });
    expect(home.contextParameters[0]!.forge).toBeUndefined();
    expect(home.contextParameters[0]!.note).toMatch(/entity property/);
  });

  test("the forge() options name every moved dialog with its Connect size and header, and the remote", () => {
    expect(all.forgeOptions).toEqual({
      dialogs: { "tools-edit-dialog": { resource: "tools-edit-dialog", size: "large", title: "Edit checks" }, "tools-confirm": { resource: "tools-confirm", size: "small" } },
      remote: "connect",
    });
  });
});

describe("the Confluence fixture, moved with --move-ui", () => {
  const { manifest, report } = run(fixture("confluence-full.json").descriptor, { moveUi: true });
  const forgeTypeOf = (key: string) => report.moved.find((moved) => moved.key === key)?.forgeType;

  test("each Confluence UI module becomes its Forge module", () => {
    expect(forgeTypeOf("kit-home")).toBe("confluence:globalPage");
    expect(manifest.modules?.["confluence:globalPage"]?.[0]).toMatchObject({ route: "kit-home", icon: "resource:kit-home;images/kit.svg" });
    expect(forgeTypeOf("kit-admin")).toBe("confluence:globalSettings");
    expect(forgeTypeOf("kit-configure")).toBe("confluence:globalSettings");
    expect(forgeTypeOf("kit-get-started")).toBe("confluence:globalSettings");
    expect(forgeTypeOf("kit-space-settings")).toBe("confluence:spaceSettings");
    expect(forgeTypeOf("kit-byline")).toBe("confluence:contentBylineItem");
    expect(manifest.modules?.["confluence:contentBylineItem"]?.[0]).toMatchObject({ tooltip: "Review status", contentPropertyKey: "kit-review" });
    expect(forgeTypeOf("kit-share-action")).toBe("confluence:contentAction");
    expect(forgeTypeOf("kit-share")).toBe("resource");
  });

  test("macros keep their Connect keys; the one with an editor gets a config resource", () => {
    const macros = manifest.modules?.macro ?? [];
    expect(macros.map((m) => m.key)).toEqual(["kit-chart", "kit-status", "kit-toc"]);
    expect(macros[0]).toMatchObject({ resource: "kit-chart", layout: "bodied", config: { resource: "kit-chart-editor", title: "Edit chart" } });
    expect(macros[1]).toMatchObject({ layout: "inline" });
    expect(macros[1]!.config).toBeUndefined();
    expect(report.moved.find((m) => m.key === "kit-status")!.todos.join()).toMatch(/config resource/);
    expect(manifest.resources?.map((r) => r.key)).toContain("kit-chart-editor");
    const chart = report.moved.find((m) => m.key === "kit-chart")!;
    expect(chart.contextParameters.find((p) => p.parameter === "page.id")?.forge).toBe("getContext() → confluence.content.id");
    expect(chart.contextParameters.find((p) => p.parameter === "macro.id")?.forge).toBe("getContext() → confluence.macro.id");
    expect(chart.contextParameters.find((p) => p.parameter === "color")?.forge).toMatch(/macro\.getData\(\)/);
    expect(chart.contextParameters.find((p) => p.parameter === "macro.hash")?.forge).toBeUndefined();
  });

  test("custom content keeps its ac: type and is viewed in the page it names", () => {
    expect(manifest.modules?.["confluence:customContent"]).toEqual([
      {
        key: "kit-report",
        resource: "kit-report-view",
        title: "Kit report",
        icon: "resource:kit-report-view;images/report.svg",
        supportedContainerTypes: ["space", "page"],
        migratedFromConnect: true,
        supportedChildTypes: ["attachment", "comment"],
        bodyType: "storage",
      },
    ]);
  });

  test("a placeholder Connect key becomes a Forge environment variable with its default; the rest stay intact", () => {
    expect(manifest.app.connect?.key).toBe("${APP_KEY}");
    expect(manifest.environment).toEqual({ variables: [{ key: "APP_KEY", default: "com.example.page-kit" }] });
    expect(manifest.remotes?.[0]?.baseUrl).toBe("{{ .BaseURL }}");
    expect(report.placeholders.map((p) => p.text)).toEqual(["${APP_KEY:com.example.page-kit}", "{{ .BaseURL }}"]);
  });

  test("what stays", () => {
    const reasonOf = (key: string) => report.staying.find((entry) => entry.key === key)?.reason;
    expect(reasonOf("kit-help-link")).toMatch(/links to a page/);
    expect(reasonOf("kit-general-panel")).toMatch(/webPanels/);
    expect(reasonOf("kit-blueprint")).toMatch(/blueprint/);
    expect(reasonOf("app-migration")).toMatch(/migration/);
    expect(manifest.permissions?.scopes?.slice(-3)).toEqual(["read:connect-confluence", "write:connect-confluence", "space-admin:connect-confluence"]);
    expect(manifest.permissions?.scopes).toContain("write:confluence-space");
  });
});

describe("descriptors of other shapes", () => {
  test("a static app (authentication none) has no app.connect.authentication", async () => {
    const { descriptor } = fixture("jira-static-none.json");
    const first = run(descriptor);
    expect(first.manifest.app.connect).toEqual({ key: "com.example.static-badge", remote: "connect" });
    const all = run(descriptor, { moveUi: true });
    expect(all.manifest.connectModules).toBeUndefined();
    expect(all.report.staying).toEqual([]);
    expect(await errorsOf(all.yaml)).toEqual([]);
  });

  test("Spring placeholders, region base URLs and a dare-migration hook", async () => {
    const { descriptor, env } = fixture("jira-spring-residency.json");
    const { manifest, report, yaml } = run(descriptor, { moveUi: true });
    expect(manifest.app.connect?.key).toBe("${ADDON_KEY}");
    expect(manifest.environment?.variables).toEqual(["ADDON_KEY"]);
    expect(report.environment).toEqual([{ name: "ADDON_KEY", replaces: "${addon.key}", at: "app.connect.key" }]);
    expect(manifest.remotes?.[0]?.baseUrl).toEqual({ default: "${addon.base-url}", EU: "https://eu.spring-app.example.com", US: "https://us.spring-app.example.com" });
    expect(manifest.connectModules?.["jira:lifecycle"]).toEqual([{ key: "lifecycle-events", installed: "/installed", uninstalled: "/uninstalled" }]);
    expect(report.notes.join()).toMatch(/dare-migration/);
    expect(manifest.permissions?.scopes).toEqual(["read:jira-work", "read:jira-user", "write:jira-work", "manage:jira-project", "read:connect-jira", "project-admin:connect-jira"]);
    // Forge resolves ${ADDON_KEY} from the environment: without it, forge lint refuses the manifest.
    expect(await errorsOf(yaml, env)).toEqual([]);
    expect((await errorsOf(yaml)).join()).toMatch(/environment variable 'ADDON_KEY'/);
  });

  test("a product the descriptor does not tell is asked for", () => {
    const descriptor = { key: "x", baseUrl: "https://x.example.com", modules: { generalPages: [{ key: "p", url: "/p" }] } };
    expect(() => migrateManifest({ descriptor })).toThrow(expect.objectContaining({ code: "ERR_MIGRATE_PRODUCT" }));
    expect(migrateManifest({ descriptor }, { product: "confluence", moveUi: true }).manifest.modules?.["confluence:globalPage"]?.[0]?.key).toBe("p");
  });

  test("--move with a key the app does not have is a coded error naming what is left", () => {
    const error = (() => {
      try {
        migrateManifest({ descriptor: fixture("jira-static-none.json").descriptor }, { move: ["nope"] });
      } catch (e) {
        return e as MigrateError;
      }
    })();
    expect(error).toBeInstanceOf(MigrateError);
    expect(error?.code).toBe("ERR_MIGRATE_UNKNOWN_MODULE");
    expect(error?.message).toMatch(/badge-panel, badge-page/);
  });

  test("an asked-for module that cannot move stays, and says why", () => {
    const { report } = run(fixture("jira-full.json").descriptor, { move: ["tools-section", "tools-sidebar-footer"] });
    expect(report.refused.map((entry) => entry.key).sort()).toEqual(["tools-section", "tools-sidebar-footer"]);
  });

  test("a long Connect key gets a Forge resource key of 23 characters", async () => {
    const key = "a-very-long-connect-module-key-for-a-panel";
    const descriptor = { key: "long", baseUrl: "https://l.example.com", scopes: ["READ"], modules: { webPanels: [{ key, url: "/p?i={issue.key}", location: "atl.jira.view.issue.left.context" }] } };
    const { manifest, yaml } = run(descriptor as never, { moveUi: true });
    const resource = manifest.resources![0]!.key;
    expect(resource.length).toBeLessThanOrEqual(23);
    expect(manifest.modules?.["jira:issuePanel"]?.[0]).toMatchObject({ key, resource });
    expect(await errorsOf(yaml)).toEqual([]);
  });
});

describe("a manifest of an earlier run is edited in place", () => {
  test("the developer's comments and additions survive --move", () => {
    const { descriptor } = fixture("jira-full.json");
    const first = run(descriptor).yaml.replace("permissions:\n", "permissions:\n  # my note about scopes\n").replace("connectModules:\n", "# my note about connect modules\nconnectModules:\n");
    const withExtra = first.replace("  scopes:\n", "  scopes:\n    - storage:app\n");
    const next = rerun(withExtra, { move: ["tools-issue-panel"] });
    expect(next.yaml).toContain("# my note about scopes");
    expect(next.yaml).toContain("# my note about connect modules");
    expect((parse(next.yaml) as ForgeManifest).permissions?.scopes).toContain("storage:app");
    expect(next.yaml).toContain('# Replaces the Connect webPanels module "tools-issue-panel".');
  });

  test("an old runtime is replaced and said so", () => {
    const yaml = run(fixture("jira-static-none.json").descriptor).yaml.replace("name: nodejs24.x", "name: nodejs20.x");
    const next = rerun(yaml);
    expect(next.manifest.app.runtime?.name).toBe("nodejs24.x");
    expect(next.report.runtime).toEqual({ name: "nodejs24.x", replaced: "nodejs20.x" });
  });
});
