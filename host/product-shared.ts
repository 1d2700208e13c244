// The part of the local host's product that apkit/testing's mocks run on too, so the host page and the mocks cannot
// drift apart: the property REST (createPropertyBackend), how a product settles an AP.request answer (settleAnswer),
// the product's UI state (createProductUi: dialogs, flags, navigations, cookies, history, macro, Jira), which
// public/product-ui.js and product-forge.js only draw, and the Forge mock's page history (PageHistory), which
// product-forge.js hands each Forge frame. host/server.mjs bundles this file with esbuild into /product-shared.js, a
// classic script exposing `window.APKitProduct`, because host.html loads classic scripts only and apkit/testing's
// bundle imports the bare "apkit" specifier. What stays here is the host page's side: which entities this product
// has, and its routes.
import { createPropertyBackend } from "../src/testing/propertyBackend.js";
import { reasonOf, settleAnswer } from "../src/testing/createMockAP.request.js";
import { createProductUi } from "../src/testing/productUi.js";
import { PageHistory } from "../src/testing/forge/history.js";

export { createPropertyBackend, createProductUi, PageHistory, reasonOf, settleAnswer };

/** What product.js puts on window.harness that the property REST needs. */
interface Harness {
  addonKey: string;
  apps?: Array<{ key: string }>;
  findIssue(idOrKey: string): { key: string } | undefined;
  reply(status: number, body: string | undefined, headers: Record<string, string>): unknown;
  routes: Array<[string, RegExp, (m: RegExpExecArray, req: { url?: string; type?: string; data?: unknown }) => unknown]>;
  properties?: ReturnType<typeof createPropertyBackend>;
}

// The local product's entities besides issues and apps, under the name their properties are stored by.
const ENTITIES: Record<string, string> = {
  "project/ABC": "project/ABC",
  "project/10000": "project/ABC",
  "user/557058:harness-user": "user/557058:harness-user",
  "comment/10100": "comment/10100",
  "issuetype/10001": "issuetype/10001",
  "issue/ABC-1/worklog/10200": "issue/ABC-1/worklog/10200",
  "issue/10001/worklog/10200": "issue/ABC-1/worklog/10200",
  "dashboard/10000/items/1": "dashboard/10000/items/1",
  "board/1": "board/1",
  "sprint/1": "sprint/1",
  "pages/98001": "pages/98001",
  "blogposts/98002": "blogposts/98002",
  "spaces/42": "spaces/42",
};

const harness = (globalThis as { harness?: Harness }).harness;
if (harness) {
  const backend = createPropertyBackend({
    // Issues and installed apps change while the page runs (POST /issue, apps installed from descriptors).
    entities: (name) => {
      const issue = /^issue\/([^/]+)$/.exec(name);
      if (issue) {
        const found = harness.findIssue(issue[1]!);
        return found ? `issue/${found.key}` : false;
      }
      const app = /^addons\/(.+)$/.exec(name)?.[1];
      if (app !== undefined) return app === harness.addonKey || (harness.apps ?? []).some((a) => a.key === app);
      return ENTITIES[name] ?? false;
    },
  });
  harness.properties = backend;
  const answer = (m: RegExpExecArray, req: { url?: string; type?: string; data?: unknown }) => {
    const r = backend.handle({ method: req.type, url: String(req.url), body: typeof req.data === "string" ? req.data : undefined });
    return harness.reply(r.status, r.body === "" ? undefined : r.body, r.headers);
  };
  // As createMockAP routes them: any path with a /properties segment; the backend answers 404/405 itself.
  const PROPERTIES = /\/properties(\/|$)/;
  for (const method of ["GET", "PUT", "POST", "DELETE"]) harness.routes.push([method, PROPERTIES, answer]);
}
