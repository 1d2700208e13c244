import type { Meta, StoryObj } from "@storybook/react";
import { z } from "zod";
import { useProductContext, useRequest } from "apkit/react";
import { jiraIssueContext } from "apkit/schemas";
import { withHost } from "./withHost.js";

const Issue = z.object({ key: z.string(), fields: z.object({ summary: z.string() }) });

/** An issue glance: reads the product context, then the issue through the product's REST API. */
function IssueGlance() {
  const context = useProductContext(jiraIssueContext);
  const key = context.status === "success" ? context.data.jira.issue.key : null;
  const issue = useRequest(key && `/rest/api/3/issue/${key}`, { schema: Issue });
  if (context.status === "error" || issue.status === "error") {
    const error = (context.error ?? issue.error) as { code?: string; message?: string };
    return <p role="alert">{error.code ?? "error"}: {error.message}</p>;
  }
  if (issue.status !== "success") return <p aria-busy="true">Loading…</p>;
  return (
    <section aria-label="issue glance">
      <h2>{issue.data.key}</h2>
      <p data-testid="summary">{issue.data.fields.summary}</p>
    </section>
  );
}

const meta = {
  title: "Hooks/IssueGlance",
  component: IssueGlance,
  decorators: [withHost()],
} satisfies Meta<typeof IssueGlance>;
export default meta;

export const ReadsContextAndIssue: StoryObj<typeof meta> = {};
