// Server-side rendering: apkit/react renders the pending state and touches nothing browser-only.
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { APProvider, useAP, useAPEvent, useProductContext, useRequest } from "apkit/react";

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

describe("SSR", () => {
  test("renders the pending state with and without a provider, and no window appears", () => {
    expect(typeof window).toBe("undefined");
    expect(renderToString(<APProvider><Glance /></APProvider>)).toBe("<p>pending<!-- -->/<!-- -->pending<!-- -->/<!-- -->pending</p>");
    expect(renderToString(<Glance />)).toContain("pending");
    expect(typeof window).toBe("undefined");
  });
});
