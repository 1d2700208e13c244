// A static Connect app: no backend, no build step. Everything goes through window.APKit.
(async function main() {
  const { loadAP, getContext, requestJson, request, events, getCurrentUser } = window.APKit;
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
      const path = `/rest/api/3/issue/${issue.key}/properties/apkit-demo-visits`;
      const current = await request(path);
      const visits = current.ok ? (await current.json()).value.count + 1 : 1;
      await requestJson(path, { method: "PUT", body: { count: visits } });
      $("visits").textContent = String(visits);
      report.steps.push(`visits: ${visits} (property ${current.status === 404 ? "created" : "updated"})`);
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
