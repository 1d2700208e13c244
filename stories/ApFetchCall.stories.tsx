import type { Meta, StoryObj } from "@storybook/react";
import { createApFetch } from "apkit";
import { useApFetch } from "apkit/react";
import { createMemoryTenantStore, isAPKitServerError, verifyContextToken } from "apkit/server";
import { withMockHost } from "./mockHost.js";

// The app's backend, in the story: it verifies the context token the mock host minted, with apkit/server (Web
// Crypto), exactly as the real backend would, and answers with the caller's clientKey.
const tenants = createMemoryTenantStore();
const backend = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const auth = new Headers(init?.headers).get("authorization") ?? "";
  try {
    const claims = await verifyContextToken(auth.replace(/^JWT /, ""), { tenants });
    return Response.json({ items: ["alpha", "beta"], tenant: claims.clientKey });
  } catch (error) {
    return Response.json({ error: isAPKitServerError(error) ? error.code : "ERR_INTERNAL" }, { status: 401 });
  }
};
const api = createApFetch({ fetch: backend, baseUrl: "https://app.example.com" });

/** Lists items from the app's own backend through apFetch (a context JWT, cached and refreshed). */
function Items() {
  const items = useApFetch<{ items: string[]; tenant: string }>("https://app.example.com/api/items", { fetch: api });
  if (items.status === "error") return <p role="alert">{String(items.error.code)}</p>;
  if (items.status !== "success") return <p aria-busy="true">Loading…</p>;
  return (
    <div>
      <ul>
        {items.data.items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
      <p data-testid="tenant">verified for {items.data.tenant}</p>
    </div>
  );
}

const meta = {
  title: "Hooks/ApFetchCall",
  component: Items,
  decorators: [
    withMockHost({
      setup(mock) {
        tenants.set({ ...mock.tenant });
      },
    }),
  ],
} satisfies Meta<typeof Items>;
export default meta;

export const VerifiedByTheBackend: StoryObj<typeof meta> = {};
