// The two-platforms example: ONE app module, written against apkit, that runs unchanged as a Connect iframe
// (index.html: all.js, `loadAP()`) and as a Forge Custom UI resource (forge.html: @forge/bridge,
// `loadAP({ platform: forge({ bridge }) })`). It reads the issue from the context, the issue's summary from the
// product's REST, and a note from an issue property that both platforms read and write.
// window.demoReport lists what happened, for `npm run demo` and its end-to-end test.
import { createPropertyStore, flag, getContext, issueProperties, loadAP, platformName, requestJson } from "apkit";

/** @param {{ platform?: import("apkit").Platform, label: string }} options */
export async function run({ platform, label }) {
  const $ = (id) => document.getElementById(id);
  const report = (window.demoReport = { steps: [] });
  const fail = (error) => {
    $("status").textContent = `${error.code || error.name}: ${error.message}`;
    $("status").className = "error";
    report.error = { code: error.code, message: error.message };
  };
  try {
    await loadAP(platform ? { platform } : {});
    const where = platformName();
    $("platform").textContent = label;
    report.steps.push(`platform: ${where}`);

    const context = await getContext();
    const issue = context.jira && context.jira.issue;
    if (!issue) throw new Error("this panel belongs on an issue");
    $("issue").textContent = issue.key;
    report.steps.push(`context: issue ${issue.key}`);
    const fetched = await requestJson(`/rest/api/3/issue/${issue.id}`);
    $("summary").textContent = fetched.fields.summary;
    report.steps.push(`request: ${fetched.key} "${fetched.fields.summary}"`);

    // The same issue property on both platforms: Connect sends it through AP.request, Forge through requestJira.
    const store = createPropertyStore(issueProperties(issue.id), { keyPrefix: "apkit-demo-" });
    const show = (note) => {
      $("note-text").textContent = note ? note.text : "(no note yet)";
      $("note-by").textContent = note ? `written on ${note.platform} at ${new Date(note.at).toLocaleTimeString()}` : "";
    };
    const load = async (why) => {
      const note = await store.get("shared-note");
      show(note);
      report.steps.push(`property: ${why} ${note ? `"${note.text}" (written on ${note.platform})` : "nothing"}`);
    };
    await load("read");

    $("refresh").addEventListener("click", () => load("re-read").catch(fail));
    $("form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("note").value.trim();
      if (!text) return;
      const note = { text, platform: where, at: new Date().toISOString() };
      store
        .set("shared-note", note)
        .then(() => {
          show(note);
          $("note").value = "";
          report.steps.push(`property: saved "${text}" on ${where}`);
          flag.show({ title: "Note saved", body: `Saved from the ${where} panel on ${issue.key}.`, type: "success" });
        })
        .catch(fail);
    });
    report.done = true;
  } catch (error) {
    fail(error);
  }
}
