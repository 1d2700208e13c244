// The product's pages: a Jira-like issue view, project page, apps (general) pages and settings (admin) pages, and a
// Confluence-like page with macros, each showing the installed apps' modules of that place. A module an app has on
// both platforms (a Connect descriptor and a Forge manifest of one app, `app.connect.key`) shows twice, side by side:
// the Connect iframe (real connect-host.js + all.js) and the Forge Custom UI iframe (the emulated host).
// Also: the product's data (editable) and the request log. Views are chosen with ?view=...; harness.show(view)
// changes the view in place.

/**
 * Where modules show: the view, the descriptor's module lists (Connect) and the manifest's module type (Forge).
 * `location` narrows webPanels to a part of the issue view.
 */
export const PLACES = [
  { view: "issue", slot: "main", title: "Issue panels", connect: ["webPanels"], location: /^atl\.jira\.view\.issue\.left\.context$/, forge: ["jira:issuePanel"] },
  { view: "issue", slot: "side", title: "Panels", connect: ["webPanels"], location: /^atl\.jira\.view\.issue\.right\.context$/, forge: [] },
  { view: "issue", slot: "glances", title: "Glances", connect: ["jiraIssueGlances"], forge: ["jira:issueGlance"] },
  { view: "project", slot: "main", title: "Project pages", connect: ["jiraProjectPages", "jiraProjectTabPanels"], forge: ["jira:projectPage"] },
  { view: "apps", slot: "main", title: "Apps (general pages)", connect: ["generalPages"], forge: ["jira:globalPage", "confluence:globalPage"] },
  { view: "admin", slot: "main", title: "Settings (admin pages)", connect: ["adminPages", "configurePage"], forge: ["jira:adminPage"] },
  { view: "confluence", slot: "main", title: "Macros", connect: ["dynamicContentMacros", "staticContentMacros"], forge: ["macro"] },
];
const VIEWS = ["issue", "project", "apps", "admin", "confluence", "data", "log", "home"];

const label = (name, fallback) => (name && (name.value || name)) || fallback;
const asList = (v) => (Array.isArray(v) ? v : v ? [v] : []);

/** The Connect and Forge modules of `app` at `place`. */
export function modulesAt(app, place) {
  const connect = place.connect.flatMap((type) => asList(app.modules?.[type]).map((m) => ({ ...m, __type: type })))
    .filter((m) => !place.location || place.location.test(m.location || ""))
    .filter((m) => m.url || m.target?.url);
  const forge = app.forge ? place.forge.flatMap((type) => asList(app.forge.modules?.[type]).map((m) => ({ ...m, __type: type }))).filter((m) => m.resource) : [];
  return { connect, forge };
}

export function createLayout({ harness, forge }) {
  const el = harness.element;
  const root = document.getElementById("view");
  let current;
  const macroParams = {}; // module key -> the macro instance's parameters on this page (kept while the page lives)

  // ---- contexts --------------------------------------------------------------------------------------------------
  const issueOf = (key) => harness.state.issues.find((i) => i.key === key || i.id === key) ?? harness.state.issues[0];
  const projectOf = (key) => harness.state.projects.find((p) => p.key === key || p.id === key) ?? harness.state.projects[0];
  const projectOfIssue = (issue) => harness.state.projects.find((p) => issue.key.startsWith(`${p.key}-`));
  const contentOf = (id) => harness.state.content.find((c) => String(c.id) === String(id)) ?? harness.state.content[0];
  const spaceOf = (content) => harness.state.spaces.find((s) => String(s.id) === String(content.spaceId));

  function connectContext(view, arg) {
    if (view === "issue") {
      const issue = issueOf(arg);
      const project = projectOfIssue(issue);
      return { jira: { issue: { id: String(issue.id), key: issue.key }, project: { id: String(project.id), key: project.key } } };
    }
    if (view === "project") {
      const project = projectOf(arg);
      return { jira: { project: { id: String(project.id), key: project.key } } };
    }
    if (view === "confluence") {
      const content = contentOf(arg);
      const space = spaceOf(content);
      return { confluence: { content: { id: String(content.id), type: content.type, version: String(content.version ?? 1) }, space: { id: String(space.id), key: space.key } } };
    }
    return { jira: {} };
  }
  function forgeExtension(type, view, arg, extra = {}) {
    if (view === "issue") {
      const issue = issueOf(arg);
      const project = projectOfIssue(issue);
      return { type, issue: { id: String(issue.id), key: issue.key, type: "Task", typeId: "10002" }, project: { id: String(project.id), key: project.key, type: project.projectTypeKey ?? "software" }, isNewToIssue: false, ...extra };
    }
    if (view === "project") {
      const project = projectOf(arg);
      return { type, project: { id: String(project.id), key: project.key, type: project.projectTypeKey ?? "software" }, ...extra };
    }
    if (view === "confluence") {
      const content = contentOf(arg);
      const space = spaceOf(content);
      return { type, content: { id: String(content.id), type: content.type }, space: { id: String(space.id), key: space.key }, isEditing: false, ...extra };
    }
    return { type, ...extra };
  }

  // ---- frames ------------------------------------------------------------------------------------------------------
  /** Frames a Connect module: its URL filled in and signed by the dev host, then connectHost.create. */
  async function connectFrame(app, m, { view, arg, parent, params, title, height }) {
    const context = connectContext(view, arg);
    if (m.__type === "dynamicContentMacros" || m.__type === "staticContentMacros") {
      context.confluence.macro = { id: `${m.key}-1`, hash: `${m.key}-1`, outputType: "display" };
    }
    const moduleUrl = m.url ?? m.target?.url;
    const { url } = await harness.call("frame-url", { app: app.key, url: moduleUrl, context, params, contextPath: view === "confluence" ? "/wiki" : "" });
    return harness.createFrame({ addon_key: app.key, key: m.key, url, title: title ?? `${app.name} · ${label(m.name, m.key)}`, context, parent, height: height ?? "160px" });
  }
  function forgeFrame(app, m, { view, arg, parent, extra, title, height }) {
    return forge.frames.createFrame({
      key: m.key,
      app,
      module: m,
      resource: m.resource,
      url: forge.emulation.resourceUrl(app, m.resource),
      title: title ?? `Forge Custom UI · ${m.title || m.key}`,
      context: forge.emulation.contextFor(app, m.key, forgeExtension(m.__type, view, arg, extra)),
      parent,
      height: height ?? "160px",
    });
  }

  /** The modules of every app at `place`, in `parent`; an app with both platforms there gets two columns. */
  async function showPlace(place, parent, view, arg) {
    let shown = 0;
    for (const app of harness.apps) {
      const { connect, forge: forgeModules } = modulesAt(app, place);
      if (!connect.length && !forgeModules.length) continue;
      shown += connect.length + forgeModules.length;
      if (place.slot === "glances") {
        for (const m of connect) parent.appendChild(glanceButton(app, m, "connect", view, arg));
        for (const m of forgeModules) parent.appendChild(glanceButton(app, m, "forge", view, arg));
        continue;
      }
      let connectParent = parent;
      let forgeParent = parent;
      if (connect.length && forgeModules.length) {
        const section = el("section", "two-platforms");
        section.setAttribute("data-app", app.key);
        section.appendChild(el("h3", "", `${app.name}: one app, two platforms`));
        section.appendChild(el("p", "note", "Left: the Connect iframe (the real connect-host.js and all.js). Right: the Forge Custom UI iframe, its @forge/bridge running on this page's EMULATION of the Custom UI host. Both use the same product."));
        const cols = el("div", "two-platforms-cols");
        connectParent = cols.appendChild(el("div", "platform-col"));
        forgeParent = cols.appendChild(el("div", "platform-col"));
        section.appendChild(cols);
        parent.appendChild(section);
      }
      for (const m of connect) {
        if (m.__type === "dynamicContentMacros" || m.__type === "staticContentMacros") await macro(app, m, connectParent, view, arg);
        else await connectFrame(app, m, { view, arg, parent: connectParent, title: connect.length && forgeModules.length ? `Connect · ${label(m.name, m.key)}` : undefined });
      }
      for (const m of forgeModules) {
        forgeFrame(app, m, { view, arg, parent: forgeParent, extra: m.__type === "macro" ? { config: macroParams[m.key] ?? {} } : {} });
      }
    }
    return shown;
  }

  function glanceButton(app, m, platform, view, arg) {
    const b = el("button", "glance", platform === "connect" ? label(m.content?.label ?? m.name, m.key) : m.label || m.title || m.key);
    b.type = "button";
    b.setAttribute("data-glance", m.key);
    b.setAttribute("data-platform", platform);
    b.addEventListener("click", async () => {
      const panel = document.getElementById("glance-panel");
      panel.textContent = "";
      panel.appendChild(el("h3", "", `${app.name} · ${platform === "connect" ? label(m.name, m.key) : m.title || m.key}`));
      if (platform === "connect") await connectFrame(app, m, { view, arg, parent: panel, height: "300px" });
      else forgeFrame(app, m, { view, arg, parent: panel, height: "300px" });
    });
    return b;
  }

  // A Connect macro: its frame with the instance's parameters, and its editor (a dialog) when it has one.
  async function macro(app, m, parent, view, arg) {
    const params = (macroParams[m.key] ??= Object.fromEntries(asList(m.parameters).filter((p) => p.defaultValue !== undefined).map((p) => [p.identifier, p.defaultValue])));
    const box = el("div", "macro");
    box.setAttribute("data-macro", m.key);
    parent.appendChild(box);
    await connectFrame(app, m, { view, arg, parent: box, params, title: `Macro · ${label(m.name, m.key)} ${JSON.stringify(params)}` });
    if (!m.editor?.url) return;
    const edit = el("button", "macro-edit", "Edit macro");
    edit.type = "button";
    edit.addEventListener("click", () => openMacroEditor(app, m, view, arg));
    box.appendChild(edit);
  }
  async function openMacroEditor(app, m, view, arg) {
    const context = connectContext(view, arg);
    context.confluence.macro = { id: `${m.key}-1`, hash: `${m.key}-1`, outputType: "display" };
    harness.ui.product.macro.data = { ...macroParams[m.key] };
    harness.ui.product.macro.body = "";
    const editorKey = `${m.key}__editor`;
    const { url } = await harness.call("frame-url", { app: app.key, url: m.editor.url, context, params: macroParams[m.key], contextPath: "/wiki" });
    harness.frames[editorKey] = { context, addonKey: app.key, platform: "connect", established: false };
    const container = window.connectHost.create({ addon_key: app.key, key: editorKey, url, options: { isFullPage: false, width: "100%", height: "100%", isDialog: true } });
    const record = { platform: "connect", id: editorKey, key: editorKey, macroEditor: true };
    harness.ui.openDialog(record, {
      addonKey: app.key,
      size: [m.editor.width || "600px", m.editor.height || "400px"],
      title: label(m.editor.editTitle, `Edit ${label(m.name, m.key)}`),
      content: container,
      attributes: { "data-key": editorKey, "data-macro-editor": m.key },
      onDismiss: () => harness.ui.closeDialog(record),
    });
    // The editor saves (AP.confluence.saveMacro) and closes (closeMacroEditor): the page shows the new parameters.
    harness.ui.onMacroEditorClosed = () => {
      harness.ui.onMacroEditorClosed = undefined;
      macroParams[m.key] = { ...(harness.ui.product.macro.data ?? {}) };
      harness.ui.closeDialog(record);
      render(current);
    };
  }

  // ---- the views -----------------------------------------------------------------------------------------------------
  function nav() {
    const bar = el("nav", "host-nav");
    const issue = harness.state.issues[0];
    const project = harness.state.projects[0];
    const content = harness.state.content[0];
    const link = (text, view) => {
      const a = el("a", "", text);
      a.href = `?view=${view}`;
      a.setAttribute("data-view", view);
      a.addEventListener("click", (e) => {
        e.preventDefault();
        show(view);
      });
      return a;
    };
    bar.appendChild(link("Apps & modules", "home"));
    if (issue) bar.appendChild(link(`Issue ${issue.key}`, `issue/${issue.key}`));
    if (project) bar.appendChild(link(`Project ${project.key}`, `project/${project.key}`));
    bar.appendChild(link("Apps", "apps"));
    bar.appendChild(link("Settings", "admin"));
    if (content) bar.appendChild(link(`Confluence: ${content.title}`, `confluence/${content.id}`));
    bar.appendChild(link("Product data", "data"));
    bar.appendChild(link("Request log", "log"));
    return bar;
  }

  async function issueView(arg) {
    const issue = issueOf(arg);
    const project = projectOfIssue(issue);
    const page = el("section", "jira-issue");
    page.appendChild(el("div", "jira-crumbs", `Projects / ${project.name} / ${issue.key}`));
    page.appendChild(el("h1", "", issue.fields.summary ?? issue.key));
    const cols = page.appendChild(el("div", "jira-cols"));
    const main = cols.appendChild(el("div", "jira-main"));
    main.appendChild(el("p", "jira-field", "Description"));
    main.appendChild(el("p", "jira-desc", typeof issue.fields.description === "string" ? issue.fields.description : "—"));
    const side = cols.appendChild(el("aside", "jira-side"));
    const glances = side.appendChild(el("div", "jira-glances"));
    side.appendChild(el("div", "glance-panel")).id = "glance-panel";
    root.appendChild(page);
    let shown = 0;
    for (const place of PLACES.filter((p) => p.view === "issue")) {
      shown += await showPlace(place, place.slot === "side" ? side : place.slot === "glances" ? glances : main, "issue", issue.key);
    }
    if (!shown) main.appendChild(el("p", "muted", "No installed app has an issue panel or glance."));
  }

  async function placeView(view, arg, heading) {
    const page = el("section", "product-page");
    page.appendChild(el("h1", "", heading));
    root.appendChild(page);
    let shown = 0;
    for (const place of PLACES.filter((p) => p.view === view)) shown += await showPlace(place, page, view, arg);
    if (!shown) page.appendChild(el("p", "muted", `No installed app has a module here (${PLACES.filter((p) => p.view === view).flatMap((p) => [...p.connect, ...p.forge]).join(", ")}).`));
  }

  async function confluenceView(arg) {
    const content = contentOf(arg);
    const space = spaceOf(content);
    const page = el("section", "confluence-page");
    page.appendChild(el("div", "jira-crumbs", `Spaces / ${space.name} / ${content.type === "blogpost" ? "Blog" : "Pages"}`));
    page.appendChild(el("h1", "", content.title));
    const body = page.appendChild(el("div", "confluence-body"));
    body.innerHTML = content.body ?? ""; // the product's own (seeded) content
    root.appendChild(page);
    let shown = 0;
    for (const place of PLACES.filter((p) => p.view === "confluence")) shown += await showPlace(place, page, "confluence", content.id);
    if (!shown) page.appendChild(el("p", "muted", "No installed app has a macro."));
  }

  function dataView() {
    const page = el("section", "product-page");
    page.appendChild(el("h1", "", "Product data"));
    page.appendChild(el("p", "muted", `The local product's users, projects, issues, spaces, content and properties. Edit and save: every page of the host uses it at once${harness.site.stateFile ? `, and it is kept in ${harness.site.stateFile}` : " (in memory: start apkit-dev with --state FILE to keep it)"}.`));
    const area = page.appendChild(el("textarea", "product-json"));
    area.spellcheck = false;
    area.value = JSON.stringify(harness.state, null, 2);
    const status = el("p", "status");
    status.setAttribute("role", "status");
    const save = page.appendChild(el("button", "", "Save"));
    save.type = "button";
    save.addEventListener("click", async () => {
      let doc;
      try {
        doc = JSON.parse(area.value);
      } catch (error) {
        status.textContent = `Not JSON: ${error.message}`;
        return;
      }
      try {
        const res = await fetch("/__dev/product", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });
        const answer = await res.json();
        if (!res.ok) throw new Error(answer.error?.message ?? `answered ${res.status}`);
        await harness.refresh();
        area.value = JSON.stringify(harness.state, null, 2);
        status.textContent = "Saved.";
      } catch (error) {
        status.textContent = `Not saved (nothing changed): ${error.message}`;
      }
    });
    page.appendChild(status);
    root.appendChild(page);
  }

  function logView() {
    const page = el("section", "product-page");
    page.appendChild(el("h1", "", "Request log"));
    page.appendChild(el("p", "muted", "Product REST calls of both platforms and of app backends, Forge remote calls and resolvers, installs and tokens (also printed on the terminal)."));
    const table = page.appendChild(el("table", "request-log"));
    const head = table.appendChild(el("tr"));
    for (const h of ["time", "platform", "kind", "app / module", "request", "status", "ms"]) head.appendChild(el("th", "", h));
    root.appendChild(page);
    harness.getJson("/__dev/log").then((entries) => entries.forEach((e) => addLogRow(e)));
  }
  function addLogRow(e) {
    const table = root.querySelector(".request-log");
    if (!table) return;
    const row = el("tr");
    row.setAttribute("data-platform", e.platform);
    for (const text of [new Date(e.at).toISOString().slice(11, 23), e.platform, e.kind, [e.app, e.module].filter(Boolean).join(" / "), [e.method, e.url, e.note].filter(Boolean).join(" "), e.status ?? "", e.ms ?? ""]) row.appendChild(el("td", "", String(text)));
    table.appendChild(row);
  }

  function homeView() {
    const page = el("section", "product-page");
    page.appendChild(el("h1", "", "Apps & modules"));
    if (!harness.apps.length) page.appendChild(el("p", "muted", "No app is installed. Start apkit-dev with --descriptor (Connect) and/or --manifest (Forge)."));
    for (const app of harness.apps) {
      const box = page.appendChild(el("div", "app-card"));
      box.appendChild(el("h3", "", `${app.name} (${app.key})`));
      const platforms = [app.baseUrl && `Connect at ${app.baseUrl} (authentication: ${app.authentication})`, app.forge && `Forge ${app.forge.appId}`].filter(Boolean);
      box.appendChild(el("p", "muted", platforms.join(" · ")));
      const list = box.appendChild(el("ul"));
      for (const place of PLACES) {
        const { connect, forge: forgeModules } = modulesAt(app, place);
        for (const [platform, m] of [...connect.map((m) => ["Connect", m]), ...forgeModules.map((m) => ["Forge", m])]) {
          const li = list.appendChild(el("li"));
          const a = li.appendChild(el("a", "", `${platform} ${m.__type} ${m.key}`));
          const view = viewOf(place);
          a.href = `?view=${view}`;
          a.addEventListener("click", (e) => {
            e.preventDefault();
            show(view);
          });
        }
      }
      const dialogs = asList(app.modules?.dialogs).map((d) => d.key);
      if (dialogs.length) box.appendChild(el("p", "muted", `Dialogs (opened by the app): ${dialogs.join(", ")}`));
    }
    root.appendChild(page);
  }

  /** The view a place is on, for the first issue, project and page. */
  function viewOf(place) {
    if (place.view === "issue") return `issue/${harness.state.issues[0]?.key}`;
    if (place.view === "project") return `project/${harness.state.projects[0]?.key}`;
    if (place.view === "confluence") return `confluence/${harness.state.content[0]?.id}`;
    return place.view;
  }
  const used = (place) => harness.apps.some((app) => {
    const m = modulesAt(app, place);
    return m.connect.length > 0 || m.forge.length > 0;
  });
  /** The default view: where the first installed module shows. */
  const defaultView = () => viewOf(PLACES.find(used) ?? { view: "home" });

  /** Shows a view ("issue/ABC-1", "project/ABC", "apps", "admin", "confluence/98001", "data", "log", "home") and puts it in the page's URL. */
  async function show(view = defaultView()) {
    const url = new URL(location.href);
    url.searchParams.set("view", view);
    history.replaceState(history.state, "", url);
    return render(view);
  }
  /** Draws a view, leaving the page's URL as it is (the first view: the URL it was opened with). */
  async function render(view = defaultView()) {
    const [name, arg] = String(view).split(/\/(.*)/);
    if (!VIEWS.includes(name)) throw new TypeError(`apkit-dev: no view ${view}`);
    current = view;
    root.textContent = "";
    for (const frame of Object.values(forge.frames.frames)) if (!frame.modal) forge.frames.drop(frame);
    root.appendChild(nav());
    root.querySelector(`[data-view="${view}"]`)?.classList.add("active");
    if (name === "issue") await issueView(arg);
    else if (name === "project") await placeView("project", arg, `Project ${projectOf(arg)?.name ?? ""}`);
    else if (name === "apps") await placeView("apps", arg, "Apps");
    else if (name === "admin") await placeView("admin", arg, "Settings");
    else if (name === "confluence") await confluenceView(arg);
    else if (name === "data") dataView();
    else if (name === "log") logView();
    else homeView();
    return view;
  }

  return {
    show,
    render,
    get current() {
      return current;
    },
    defaultView,
    addLogRow,
    /** Every view an installed module shows in (the --once check visits them). */
    views: () => [...new Set(PLACES.filter(used).map(viewOf))],
  };
}
