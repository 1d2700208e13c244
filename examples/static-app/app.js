// A static Connect app: no backend, no build step. Everything goes through window.APKit.
(async function main() {
  const { loadAP, getContext, requestJson, events, getCurrentUser, createPropertyStore, issueProperties } = window.APKit;
  const $ = (id) => document.getElementById(id);
  const report = (window.demoReport = { steps: [] });
  try {
    await loadAP();
    const context = await getContext();
    const issue = context.jira && context.jira.issue;
    $("issue").textContent = issue ? issue.key : "(not on an issue)";
    report.steps.push(`context: issue ${issue && issue.key}`);

    const [user, me] = await Promise.all([getCurrentUser(), requestJson("/rest/api/3/myself")]);
    $("viewer").textContent = `${me.displayName} (${user.atlassianAccountId})`;
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
      report.steps.push(`visits: ${count} (property ${created ? "created" : "updated"})`);
    }

    events.on("demo-ping", (from) => {
      $("events").textContent = `ping from ${from} at ${new Date().toLocaleTimeString()}`;
      report.steps.push(`event: ping from ${from}`);
    });
    $("ping").addEventListener("click", () => events.emit("demo-ping", "the button"));
    report.done = true;
  } catch (error) {
    $("status").textContent = `${error.code || error.name}: ${error.message}`;
    $("status").className = "error";
    report.error = { code: error.code, message: error.message };
  }
})();
