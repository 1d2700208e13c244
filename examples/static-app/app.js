// The issue web panel of a static Connect app: no backend, no build step. Everything goes through window.APKit.
// window.demoReport lists what happened, for the demo and its end-to-end test.
(async function main() {
  const { loadAP, getContext, requestJson, events, getCurrentUser, createPropertyStore, issueProperties, appProperties } = window.APKit;
  const APP_KEY = "apkit-static-example"; // the descriptor's "key"
  const $ = (id) => document.getElementById(id);
  const report = (window.demoReport = { steps: [] });
  try {
    await loadAP();
    const context = await getContext();
    const issue = context.jira && context.jira.issue;
    $("issue").textContent = issue ? issue.key : "(not on an issue)";
    report.steps.push(`context: issue ${issue && issue.key}`);

    const [user, me] = await Promise.all([getCurrentUser(), requestJson("/rest/api/3/myself")]);
    $("viewer").textContent = me.displayName;
    $("viewer").title = user.atlassianAccountId;
    report.steps.push(`user: ${me.displayName}`);

    if (issue) {
      // A typed store over the issue's entity properties. Keys are shared with every app on the site: prefix them.
      const store = createPropertyStore(issueProperties(issue.id), { keyPrefix: "apkit-demo-" });
      let created = false;
      // Read-modify-write; verify reads back and throws ERR_PROPERTY_OVERWRITTEN if another viewer's write won.
      const { count } = await store.update(
        "visits",
        (current) => {
          created = current === undefined;
          return { count: (current ? current.count : 0) + 1 };
        },
        { verify: true },
      );
      $("visits").textContent = String(count);
      $("visits-state").textContent = created ? "first visit" : "saved";
      $("visits-state").className = "lozenge success";
      report.steps.push(`visits: ${count} (property ${created ? "created" : "updated"})`);

      // The app-wide visit log (the general page shows it) lives in app properties: readable and writable by any
      // user of the site through REST, so it holds nothing private.
      const log = createPropertyStore(appProperties(APP_KEY));
      const { visits } = await log.update("visit-log", (current) => ({
        visits: [{ issue: issue.key, by: me.displayName, at: new Date().toISOString() }, ...((current && current.visits) || [])].slice(0, 10),
      }));
      report.steps.push(`visit log: ${visits.length} entr${visits.length === 1 ? "y" : "ies"} in app properties`);
      // Every iframe of this app hears it, this one included.
      events.emit("visit-logged", issue.key);
    }

    events.on("demo-ping", (from) => {
      $("events").textContent = `ping from ${from} at ${new Date().toLocaleTimeString()}`;
      report.steps.push(`event: ping from ${from}`);
    });
    $("ping").addEventListener("click", () => events.emit("demo-ping", "the issue panel"));
    report.done = true;
  } catch (error) {
    $("status").textContent = `${error.code || error.name}: ${error.message}`;
    $("status").className = "error";
    report.error = { code: error.code, message: error.message };
  }
})();
