// Server-side rendering: apkit/react renders the pending state and touches nothing browser-only.
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { createPropertyStore, issueProperties } from "apkit";
import { APProvider, useAP, useAPEvent, useApFetch, useDialog, useProductContext, useProperty, useRequest } from "apkit/react";

function Glance() {
  const ap = useAP();
  const context = useProductContext();
  const me = useRequest("/rest/api/3/myself");
  useAPEvent("ping", () => {});
  return (
    <p>
      {ap.status}/{context.status}/{me.status}
    </p>
  );
}

function Waiting() {
  const store = createPropertyStore(issueProperties("A-1"));
  const a = useRequest(null);
  const b = useApFetch(undefined);
  const c = useProperty(store, "k");
  const d = useProperty(null, "k");
  const { isOpen } = useDialog();
  return <p>{[a, b, c, d].map((r) => `${r.status}:${r.isFetching}`).join(",")}/{String(isOpen)}</p>;
}

describe("SSR", () => {
  test("every data hook, waiting or not, renders pending and not fetching on the server", () => {
    expect(renderToString(<APProvider><Waiting /></APProvider>)).toBe(
      "<p>pending:false,pending:false,pending:false,pending:false<!-- -->/<!-- -->false</p>",
    );
  });

  test("renders the pending state with and without a provider, and no window appears", () => {
    expect(typeof window).toBe("undefined");
    expect(renderToString(<APProvider><Glance /></APProvider>)).toBe("<p>pending<!-- -->/<!-- -->pending<!-- -->/<!-- -->pending</p>");
    expect(renderToString(<Glance />)).toContain("pending");
    expect(typeof window).toBe("undefined");
  });
});
