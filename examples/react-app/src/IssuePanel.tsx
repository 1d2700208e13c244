// The issue panel: product context, product REST, the app's own backend through apFetch, a property-backed form
// and a dialog round trip, all through apkit/react. The same component runs as a Connect web panel and as a Forge
// Custom UI issue panel: panel.tsx mounts it (and selects the platform); test/unit/react-example.test.tsx renders it
// on both platforms.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { createPropertyStore, issueProperties } from "apkit";
import {
  useApFetch,
  useAutoResize,
  useDialog,
  useFlag,
  useProductContext,
  useProperty,
  useRequest,
} from "apkit/react";
import { jiraIssueContext } from "apkit/schemas";
import {
  describeError,
  done,
  fail,
  PRIORITY_DIALOG,
  step,
  Triage,
  type DialogInput,
  type DialogResult,
  type WhoAmI,
} from "./shared.js";

interface Issue {
  id: string;
  key: string;
  fields: { summary: string };
}
interface Myself {
  accountId: string;
  displayName: string;
}

export function IssuePanel() {
  const ref = useRef<HTMLDivElement>(null);
  useAutoResize(ref);
  // The context, validated: jira.issue.key is a string or this is a ValidationError.
  const context = useProductContext(jiraIssueContext);
  const issueKey = context.status === "success" ? context.data.jira.issue.key : null;
  // AP.request to the product's REST API; null waits for the context.
  const issue = useRequest<Issue>(issueKey && `/rest/api/3/issue/${issueKey}`);
  const me = useRequest<Myself>("/rest/api/3/myself");
  // The app's own backend (examples/server): apFetch sends a context token (Connect) or goes through requestRemote,
  // which carries a Forge Invocation Token (Forge); the server verifies either.
  const backend = useApFetch<WhoAmI>("/api/whoami");

  useEffect(() => {
    if (context.status === "success") step(`context: issue ${context.data.jira.issue.key} (validated with apkit/schemas)`);
    if (issue.status === "success") step(`request: ${issue.data.key} "${issue.data.fields.summary}"`);
    if (me.status === "success") step(`request: myself is ${me.data.displayName}`);
    if (backend.status === "success") step(`apFetch: the backend verified the ${tokenName(backend.data)} (issue ${backend.data.issueKey}, site ${backend.data.site})`);
    for (const r of [context, issue, me, backend]) if (r.status === "error") fail(r.error);
  }, [context, issue, me, backend]);

  return (
    <div ref={ref} className="panel">
      <section className="card">
        <div className="row">
          <span className="issue-key">{issueKey ?? "…"}</span>
          <span className="summary">{issue.status === "success" ? issue.data.fields.summary : <Pending result={issue} />}</span>
        </div>
        <p className="muted">Viewing as {me.status === "success" ? me.data.displayName : <Pending result={me} />}</p>
      </section>

      <section className="card">
        <h3>Your backend</h3>
        {backend.status === "success" ? (
          <p>
            <span className="lozenge success">verified</span> The server checked this call's {tokenName(backend.data)}: site{" "}
            <code>{backend.data.site}</code>, user <code>{backend.data.accountId}</code>, issue <code>{backend.data.issueKey}</code>.
          </p>
        ) : (
          <Pending result={backend} />
        )}
      </section>

      {context.status === "success" ? (
        <TriageForm issueId={context.data.jira.issue.id} issueKey={context.data.jira.issue.key} />
      ) : null}
    </div>
  );
}

/** The triage of this issue (priority + note), kept in an issue property. */
function TriageForm({ issueId, issueKey }: { issueId: string; issueKey: string }) {
  const store = useMemo(
    () => createPropertyStore(issueProperties(issueId), { schema: Triage, keyPrefix: "apkit-react-example." }),
    [issueId],
  );
  const triage = useProperty(store, "triage");
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState("");
  const { open, isOpen } = useDialog();
  const showFlag = useFlag();
  const loaded = triage.status === "success";
  const note = draft ?? triage.data?.note ?? "";

  const firstLoad = useRef(true);
  useEffect(() => {
    if (triage.status === "success" && firstLoad.current) {
      firstLoad.current = false;
      step(`property: loaded ${triage.data ? `(note "${triage.data.note}")` : "(not set yet)"}`);
      done();
    }
    if (triage.status === "error") fail(triage.error);
  }, [triage]);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await triage.set({ ...triage.data, note });
      setDraft(undefined);
      setMessage("Saved.");
      step(`property: saved note "${note}"`);
      showFlag({ title: "Triage saved", body: `The note of ${issueKey} is stored in an issue property.`, type: "success", close: "auto" });
      step("flag: shown");
    } catch (error) {
      setMessage(describeError(error)); // rolled back by useProperty
      fail(error);
    }
  }

  async function choosePriority() {
    const customData: DialogInput = { issueKey, ...(triage.data?.priority ? { current: triage.data.priority } : {}) };
    const picked = await open<DialogResult>({
      key: PRIORITY_DIALOG,
      size: "medium",
      chrome: true,
      header: `Priority of ${issueKey}`,
      submitText: "Set priority",
      customData,
    });
    if (!picked) return step("dialog: dismissed");
    step(`dialog: closed with ${picked.priority}`);
    try {
      const stored = await triage.update((current) => ({ note: current?.note ?? "", priority: picked.priority }));
      step(`property: saved priority ${stored?.priority}`);
    } catch (error) {
      setMessage(describeError(error));
      fail(error);
    }
  }

  return (
    <form className="card" onSubmit={save}>
      <h3>Triage <span className="muted">· stored in an issue property</span></h3>
      <div className="row">
        <span className="label">Priority</span>
        {triage.data?.priority ? (
          <span className={`priority priority-${triage.data.priority.toLowerCase()}`}>{triage.data.priority}</span>
        ) : (
          <span className="muted">not set</span>
        )}
        <button type="button" onClick={() => void choosePriority().catch(fail)} disabled={!loaded || isOpen}>
          Choose…
        </button>
      </div>
      <label className="label" htmlFor="note">
        Note
      </label>
      <textarea id="note" rows={2} value={note} disabled={!loaded} onChange={(e) => setDraft(e.target.value)} placeholder="What should the assignee know?" />
      <div className="row">
        <button className="primary" type="submit" disabled={!loaded || triage.saving || draft === undefined}>
          {triage.saving ? "Saving…" : "Save"}
        </button>
        <span className="muted" role="status">
          {triage.status === "error" ? describeError(triage.error) : message}
        </span>
      </div>
    </form>
  );
}

/** What the backend verified: Connect's context JWT, or the Forge Invocation Token requestRemote carries. */
function tokenName(whoami: WhoAmI): string {
  return whoami.platform === "forge" ? "Forge Invocation Token" : "context token";
}

function Pending({ result }: { result: { status: string; error?: unknown } }) {
  return result.status === "error" ? <span className="error">{describeError(result.error)}</span> : <span className="muted">loading…</span>;
}
