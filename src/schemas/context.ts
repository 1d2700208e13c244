import { z } from "zod";

/**
 * The context of a Jira module shown for an issue (issue glance, issue panel, issue activity ...).
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { jiraIssueContext } from "apkit/schemas";
 * const { jira } = await getContext(jiraIssueContext);
 * jira.issue.key; // string
 * ```
 */
export const jiraIssueContext = z.looseObject({
  jira: z.looseObject({
    issue: z.looseObject({ id: z.string(), key: z.string(), issuetype: z.looseObject({ id: z.string() }).optional() }),
    project: z.looseObject({ id: z.string(), key: z.string() }),
  }),
});

/**
 * The context of a Jira project-level module (project page, project settings).
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { jiraProjectContext } from "apkit/schemas";
 * const { jira } = await getContext(jiraProjectContext);
 * jira.project.id; // string
 * ```
 */
export const jiraProjectContext = z.looseObject({
  jira: z.looseObject({ project: z.looseObject({ id: z.string(), key: z.string() }) }),
});

/**
 * The context of a Confluence content-level module (macro, content byline, page panel ...).
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { confluenceContentContext } from "apkit/schemas";
 * const { confluence } = await getContext(confluenceContentContext);
 * confluence.content.id; // string
 * ```
 */
export const confluenceContentContext = z.looseObject({
  confluence: z.looseObject({
    content: z.looseObject({
      id: z.string(),
      type: z.string(),
      version: z.union([z.string(), z.number()]).optional(),
    }),
    space: z.looseObject({ id: z.string(), key: z.string() }),
  }),
});

/**
 * The context of a Confluence space-level module.
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { confluenceSpaceContext } from "apkit/schemas";
 * const { confluence } = await getContext(confluenceSpaceContext);
 * confluence.space.key; // string
 * ```
 */
export const confluenceSpaceContext = z.looseObject({
  confluence: z.looseObject({ space: z.looseObject({ id: z.string(), key: z.string() }) }),
});

/**
 * Any product context: every known part optional, unknown keys kept.
 *
 * @example
 * ```ts
 * import { getContext } from "apkit";
 * import { productContext } from "apkit/schemas";
 * const context = await getContext(productContext);
 * if (context.jira?.issue) console.log(context.jira.issue.id);
 * ```
 */
export const productContext = z.looseObject({
  license: z.string().optional(),
  jira: z
    .looseObject({
      issue: z.looseObject({ id: z.string(), key: z.string().optional() }).optional(),
      project: z.looseObject({ id: z.string(), key: z.string().optional() }).optional(),
    })
    .optional(),
  confluence: z
    .looseObject({
      content: z.looseObject({ id: z.string(), type: z.string().optional() }).optional(),
      space: z.looseObject({ id: z.string(), key: z.string().optional() }).optional(),
    })
    .optional(),
});
