// What the property store puts on the wire and how it reports an abort between attempts: values are JSON-encoded
// once (the text measured is the text sent), and the conflict back-off belongs to the store operation.
import { describe, expect, test } from "vitest";
import { contentProperties, createPropertyStore, issueProperties } from "apkit";
import { createPropertyBackend, emulateHost, installAP, type HostMethod } from "apkit/testing";

function product(refuse?: (method: string) => number | undefined) {
  const backend = createPropertyBackend();
  const bodies: string[] = [];
  const request: HostMethod = Object.assign(
    (o: { url: string; type?: string; data?: string }) => {
      if (o.data !== undefined) bodies.push(o.data);
      const status = refuse?.(o.type ?? "GET");
      if (status) return Promise.reject({ err: "refused", xhr: { status, statusText: "", responseText: "{}", headers: {} } });
      return (backend.request as (o: unknown) => Promise<unknown>)(o);
    },
    { returnsPromise: true },
  );
  installAP(emulateHost({ request }, { warn: () => {} }).connect());
  return { backend, bodies };
}

// A value that counts how often it is serialised.
function counted() {
  const value = { calls: 0, toJSON: () => (value.calls++, { n: 1 }) };
  return value;
}

describe("store: a value is JSON-encoded once", () => {
  test("Jira: set serialises the value once and sends that text", async () => {
    const { bodies } = product();
    const value = counted();
    await createPropertyStore(issueProperties("ABC-1")).set("k", value);
    expect(value.calls).toBe(1);
    expect(bodies).toEqual(['{"n":1}']);
  });

  test("Confluence: create and replace serialise the value once, inside the envelope", async () => {
    const { bodies } = product();
    const store = createPropertyStore(contentProperties("1"));
    const first = counted();
    const second = counted();
    await store.set("k", first);
    await store.set("k", second);
    expect([first.calls, second.calls]).toEqual([1, 1]);
    expect(bodies).toEqual(['{"key":"k","value":{"n":1}}', '{"key":"k","value":{"n":1},"version":{"number":2}}']);
  });

  test("a key that needs JSON escaping stays valid JSON in the envelope", async () => {
    const { backend } = product();
    await createPropertyStore(contentProperties("1")).set('say "hi"\\', [1]);
    expect(backend.data.get("pages/1")!.get('say "hi"\\')).toMatchObject({ value: [1], version: 1 });
  });
});

describe("store: an abort during the conflict back-off", () => {
  test("is an AbortError of the store operation (naming the property), with the signal's reason as cause", async () => {
    product((method) => (method === "PUT" ? 409 : undefined));
    const controller = new AbortController();
    const reason = new Error("user left");
    const store = createPropertyStore<number>(contentProperties("1"), {
      backoff: () => {
        queueMicrotask(() => controller.abort(reason));
        return 60_000;
      },
    });
    await store.set("n", 1);
    const error = await store.update("n", (n = 0) => n + 1, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_ABORTED", name: "AbortError", cause: reason });
    expect((error as Error).message).toContain("property n");
    expect((error as Error).message).not.toMatch(/AP\.request/);
  });
});
