// The REST of the local host's product.js that the contract cases use, answered in memory: the same product for the
// Connect mock (test/contract/mock.test.ts, as `rest` handlers) and the Forge mock (test/contract/forge.test.ts, as
// `onRequest` handlers). Both mocks call a resolver with `{ params, body }` and take `json(...)` / `text(...)`.
import { json, text } from "apkit/testing";
import { PRODUCT } from "./cases.js";

export type ProductRoute = [method: "get" | "post", path: string, resolve: (request: { params: Record<string, string>; body: unknown }) => unknown];

export function productRoutes(): ProductRoute[] {
  let requestId = 0;
  let created = 0;
  const id = () => ({ "x-arequestid": `harness-${++requestId}` });
  const issues: Record<string, { id: string; key: string; fields: Record<string, unknown> }> = {
    "ABC-1": { id: "10001", key: "ABC-1", fields: { summary: "First issue" } },
    "ABC-2": { id: "10002", key: "ABC-2", fields: { summary: "Second issue" } },
  };
  const find = (idOrKey: string) => Object.values(issues).find((i) => i.key === idOrKey || i.id === idOrKey);
  return [
    ["get", "/rest/api/3/myself", () => json(PRODUCT.myself, { headers: id() })],
    [
      "get",
      "/rest/api/3/issue/:key",
      ({ params }) => {
        const issue = find(params.key!);
        return issue
          ? json(issue, { headers: id() })
          : json({ errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} }, { status: 404, headers: id() });
      },
    ],
    [
      "post",
      "/rest/api/3/issue",
      ({ body }) => {
        const n = 3 + created++;
        const issue = { id: String(10000 + n), key: `ABC-${n}`, fields: (body as { fields?: Record<string, unknown> }).fields ?? {} };
        issues[issue.key] = issue;
        const self = `/rest/api/3/issue/${issue.id}`;
        return json({ id: issue.id, key: issue.key, self }, { status: 201, headers: { ...id(), location: self } });
      },
    ],
    ["get", "/rest/harness/boom", () => json({ errorMessages: ["Internal server error"], errors: {} }, { status: 500, headers: id() })],
    ["get", "/rest/harness/text", () => text("plain text, not JSON", { headers: id() })],
    ["get", "/rest/harness/never", () => new Promise<undefined>(() => {})],
  ];
}
