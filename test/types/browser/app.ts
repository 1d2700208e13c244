// What a browser app (and a worker backend) imports, checked without Node's types against the built declarations.
import { getContext, isAPKitError, requestJson } from "apkit";
import { useRequest } from "apkit/react";
import { createMockAP } from "apkit/testing";
import { createContextTokenVerifier, errorResponse, isAPKitServerError } from "apkit/server";
import { jiraIssueContext } from "apkit/schemas";

export async function load(): Promise<number | undefined> {
  try {
    const { jira } = await getContext(jiraIssueContext);
    return (await requestJson<{ id: number }>(`/rest/api/3/issue/${jira.issue.key}`)).id;
  } catch (error) {
    if (isAPKitError(error, "ERR_HTTP_STATUS")) return error.status;
    throw error;
  }
}
export const hook = useRequest;
export const mock = createMockAP;
export const verify = createContextTokenVerifier({ getSharedSecret: () => "secret" });
export const answer = (error: unknown): Response | undefined => (isAPKitServerError(error) ? errorResponse(error) : undefined);

// Forge Custom UI: the platform, and the mock host, type-check without @forge/bridge's or Node's types.
import { loadAP, type Platform } from "apkit";
import { forge, toConnectContext } from "apkit/forge";
import { createMockForge } from "apkit/testing/forge";
export const platform: Platform = forge({ dialogs: { "edit-dialog": { resource: "edit", size: "large" } }, remote: "backend" });
export const started = loadAP({ platform });
export const issueId = toConnectContext({ extension: { issue: { id: 1 } } }).jira?.issue?.id;
export const forgeMock = createMockForge({ forge: { remote: "backend" } });
