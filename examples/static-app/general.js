// The general page of the static app: the visit log the issue panels write to app properties, refreshed when a
// panel announces a visit (an app event reaches every iframe of the app).
(async function main() {
  const { loadAP, getContext, events, createPropertyStore, appProperties } = window.APKit;
  const APP_KEY = "apkit-static-example";
  const $ = (id) => document.getElementById(id);
  const report = (window.demoReport = { steps: [] });
  const log = createPropertyStore(appProperties(APP_KEY));

  const cell = (text) => {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  };
  async function show() {
    const visits = ((await log.get("visit-log")) || { visits: [] }).visits;
    $("count").textContent = String(visits.length);
    $("log").replaceChildren(
      ...visits.map((v) => {
        const tr = document.createElement("tr");
        tr.append(cell(v.issue), cell(v.by), cell(new Date(v.at).toLocaleTimeString()));
        return tr;
      }),
    );
    if (!visits.length) $("log").innerHTML = '<tr><td colspan="3" class="muted">No visits yet: open an issue.</td></tr>';
    report.steps.push(`visit log: ${visits.length} visit(s)${visits[0] ? `, latest ${visits[0].issue} by ${visits[0].by}` : ""}`);
  }

  try {
    await loadAP();
    const context = await getContext();
    report.steps.push(context.jira && context.jira.issue ? `context: issue ${context.jira.issue.key}` : "context: no issue (a general page)");
    // Listen first, then read: a visit logged in between is caught either way.
    events.on("visit-logged", (issueKey) => {
      $("events").textContent = `Live: a visit of ${issueKey} was just logged.`;
      show().catch(fail);
    });
    events.on("demo-ping", (from) => {
      $("events").textContent = `ping from ${from}`;
      report.steps.push(`event: ping from ${from}`);
    });
    await show();
    report.done = true;
  } catch (error) {
    fail(error);
  }
  function fail(error) {
    $("status").textContent = `${error.code || error.name}: ${error.message}`;
    $("status").className = "error";
    report.error = { code: error.code, message: error.message };
  }
})();
