import type { Meta, StoryObj } from "@storybook/react";
import { useMemo } from "react";
import { z } from "zod";
import { createPropertyStore, issueProperties } from "apkit";
import { useProductContext, useProperty, useRequest } from "apkit/react";
import { jiraIssueContext } from "apkit/schemas";
import { json } from "apkit/testing";
import { withMockHost } from "./mockHost.js";

const Issue = z.object({ key: z.string(), fields: z.object({ summary: z.string() }) });

/** An issue glance: reads the product context, the issue through the product's REST API, and a vote counter kept in an issue property. */
function IssueGlance() {
  const context = useProductContext(jiraIssueContext);
  const key = context.status === "success" ? context.data.jira.issue.key : null;
  const issue = useRequest(key && `/rest/api/3/issue/${key}`, { schema: Issue });
  // null waits: no store (and no request) until the context has the issue.
  const store = useMemo(() => (key ? createPropertyStore<number>(issueProperties(key), { keyPrefix: "stories." }) : null), [key]);
  const votes = useProperty(store, "votes");
  const error = context.error ?? issue.error;
  if (error) return <p role="alert">{error.code ?? "error"}: {error.message}</p>;
  if (issue.status !== "success") return <p aria-busy="true">Loading…</p>;
  return (
    <section aria-label="issue glance">
      <h2>{issue.data.key}</h2>
      <p data-testid="summary">{issue.data.fields.summary}</p>
      <button disabled={votes.status !== "success"} onClick={() => void votes.update((v) => (v ?? 0) + 1)}>
        Votes: <span data-testid="votes">{votes.data ?? 0}</span>
      </button>
    </section>
  );
}

const meta = {
  title: "Hooks/IssueGlance",
  component: IssueGlance,
  decorators: [
    withMockHost({
      options: { context: { jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } } },
      setup(mock) {
        mock.request.get("/rest/api/3/issue/:key", ({ params }) => json({ key: params.key, fields: { summary: "Make stories run as tests" } }));
        mock.properties!.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/stories.votes", body: "41" });
      },
    }),
  ],
} satisfies Meta<typeof IssueGlance>;
export default meta;

export const ReadsContextIssueAndProperty: StoryObj<typeof meta> = {};
