// The issue panel: the issue from the product's REST API, what the app's backend verified, and a label kept in an
// issue property, picked in a dialog. The same component on Connect and on Forge (test/IssuePanel.test.tsx).
import { useMemo, useRef } from "react";
import { createPropertyStore, issueProperties } from "apkit";
import { useApFetch, useAutoResize, useDialog, useFlag, useProductContext, useProperty, useRequest, type HookError } from "apkit/react";
import { jiraIssueContext } from "apkit/schemas";
import { LABEL_DIALOG, LABEL_PROPERTY, type DialogInput, type DialogResult, type Label, type WhoAmI } from "./shared";

export function IssuePanel() {
  const ref = useRef<HTMLDivElement>(null);
  useAutoResize(ref); // Connect: the iframe follows the panel's height (on Forge the host sizes it)
  const context = useProductContext(jiraIssueContext); // validated: jira.issue.key is a string
  const issue = context.status === "success" ? context.data.jira.issue : null;
  const details = useRequest<{ fields: { summary: string } }>(issue && `/rest/api/3/issue/${issue.key}`); // null waits
  // Your backend: a context JWT on Connect, a Forge Invocation Token (requestRemote) on Forge. server/ checks both.
  const backend = useApFetch<WhoAmI>("/api/whoami");
  const issueId = issue?.id;
  const store = useMemo(() => (issueId ? createPropertyStore<Label>(issueProperties(issueId)) : null), [issueId]);
  const label = useProperty(store, LABEL_PROPERTY);
  const { open, isOpen } = useDialog();
  const showFlag = useFlag();

  async function pickLabel(issueKey: string) {
    const input: DialogInput = { issueKey, ...(label.data ? { label: label.data } : {}) };
    try {
      const picked = await open<DialogResult>({ key: LABEL_DIALOG, chrome: false, customData: input });
      if (!picked) return; // dismissed
      await label.set(picked.label); // shown at once, rolled back if the write fails
      showFlag({ title: `Labelled ${picked.label}`, type: "success" });
    } catch (error) {
      const code = (error as HookError).code;
      // ERR_ABORTED: the panel went away while the dialog was open; nothing to tell.
      if (code !== "ERR_ABORTED") showFlag({ title: "The label was not saved", body: code ?? String(error), type: "error" });
    }
  }

  return (
    <div ref={ref} className="panel">
      <h2>
        {issue?.key} <span>{details.status === "success" ? details.data.fields.summary : <Status of={details} />}</span>
      </h2>
      <p>
        Label: {label.status === "success" ? (label.data ?? "none") : <Status of={label} />}{" "}
        <button disabled={!issue || label.status !== "success" || isOpen || label.saving} onClick={() => issue && void pickLabel(issue.key)}>
          Pick a label…
        </button>
      </p>
      <p className="muted">
        {backend.status === "success" ? `Backend: verified a ${backend.data.platform} call from ${backend.data.clientKey}` : <Status of={backend} />}
      </p>
    </div>
  );
}

/** "Loading…", or the coded error of a hook. */
function Status({ of }: { of: { status: string; error?: HookError | undefined } }) {
  return of.status === "error" ? <span className="error">{of.error?.code ?? of.error?.message}</span> : <span>Loading…</span>;
}
