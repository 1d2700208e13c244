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
