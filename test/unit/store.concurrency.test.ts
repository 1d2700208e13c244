// N concurrent read-modify-writes on one property: exact on Confluence (versions), last-write-wins on Jira with
// `verify` reporting the overwritten ones. The figures are printed for the issue's closing note.
import { describe, expect, test } from "vitest";
import { contentProperties, createPropertyStore, issueProperties, type APKitError } from "apkit";
import { createPropertyBackend, emulateHost, installAP, type HostMethod } from "apkit/testing";

const N = 25;

function product(latency = 0) {
  const backend = createPropertyBackend();
  const calls = { get: 0, put: 0, post: 0 };
  const request: HostMethod = Object.assign(
    (o: { type?: string }) => {
      const m = (o.type ?? "GET").toLowerCase() as keyof typeof calls;
      if (m in calls) calls[m]++;
      return (backend.request as (o: unknown) => Promise<unknown>)(o);
    },
    { returnsPromise: true },
  );
  // Each message crosses the emulated bridge after `latency` ms, as across a real postMessage bridge.
  installAP(emulateHost({ request }, { latency, warn: () => {} }).connect());
  return { backend, calls };
}

describe(`${N} concurrent update() increments`, () => {
  test("Confluence semantics (versions): the counter ends at exactly N; conflicts were retried, none lost", async () => {
    const { backend, calls } = product();
    let retries = 0;
    const store = createPropertyStore<number>(contentProperties("1"), {
      retries: 50,
      // Small jittered waits (counted), so the test runs in milliseconds.
      backoff: (attempt) => (retries++, Math.random() * Math.min(20, 2 * 2 ** attempt)),
    });
    const results = await Promise.all(Array.from({ length: N }, () => store.update("counter", (n = 0) => n + 1)));
    expect(await store.get("counter")).toBe(N);
    expect(backend.data.get("pages/1")!.get("counter")).toMatchObject({ value: N, version: N });
    // every update saw a distinct value: each increment landed exactly once
    expect(new Set(results).size).toBe(N);
    expect(retries).toBe(backend.stats.conflicts);
    expect(retries).toBeGreaterThan(0);
    console.info(`confluence: N=${N} final=${N} retries=${retries} writes=${calls.put + calls.post}`);
  });

  test("Confluence semantics with the default options (8 retries, jitter up to 2 s) over a 2 ms bridge: exactly N", async () => {
    const { backend } = product(2);
    const store = createPropertyStore<number>(contentProperties("1"));
    await Promise.all(Array.from({ length: N }, () => store.update("counter", (n = 0) => n + 1)));
    expect(backend.data.get("pages/1")!.get("counter")!.value).toBe(N);
    console.info(`confluence (defaults, 2 ms bridge): N=${N} final=${N} retries=${backend.stats.conflicts}`);
  }, 30_000);

  test("Jira semantics (last write wins): concurrent increments lose updates, as documented", async () => {
    const { backend } = product();
    const store = createPropertyStore<number>(issueProperties("ABC-1"));
    const results = await Promise.all(Array.from({ length: N }, () => store.update("counter", (n = 0) => n + 1)));
    const final = backend.data.get("issue/ABC-1")!.get("counter")!.value as number;
    expect(final).toBeLessThan(N);
    expect(results.every((r) => r === final)).toBe(true); // they all read the same value: N - final updates lost
    console.info(`jira: N=${N} final=${final} lost=${N - final}`);
  });

  test("Jira semantics with verify: every update whose value was overwritten before its read-back reports ERR_PROPERTY_OVERWRITTEN", async () => {
    const { backend } = product();
    const store = createPropertyStore<string[]>(issueProperties("ABC-1"));
    const settled = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => store.update("owners", (list = []) => [...list, `user-${i}`], { verify: true })),
    );
    const stored = backend.data.get("issue/ABC-1")!.get("owners")!.value as string[];
    const fulfilled = settled.filter((s): s is PromiseFulfilledResult<string[] | undefined> => s.status === "fulfilled");
    const overwritten = settled.filter((s) => s.status === "rejected" && (s.reason as APKitError).code === "ERR_PROPERTY_OVERWRITTEN");
    // The store kept one writer's list; everyone else was told.
    expect(stored.length).toBe(1);
    expect(fulfilled.map((f) => f.value)).toEqual([stored]);
    expect(overwritten.length).toBe(N - 1);
    for (const s of overwritten) expect((s as PromiseRejectedResult).reason).toMatchObject({ actual: stored, expected: [expect.stringMatching(/^user-\d+$/)] });
    console.info(`jira verify: N=${N} kept=${stored.length} overwrittenReported=${overwritten.length}`);
  });

  test("Jira semantics, documented limit of verify: an overwrite that lands after the read-back cannot be seen", async () => {
    const backend = createPropertyBackend();
    let gets = 0;
    const request: HostMethod = Object.assign(
      async (o: { type?: string }) => {
        const answer = await (backend.request as (o: unknown) => Promise<unknown>)(o);
        // Once the read-back (the update's second GET) is answered, a slower writer's older value lands.
        if ((o.type ?? "GET") === "GET" && ++gets === 2) backend.handle({ method: "PUT", url: "/rest/api/3/issue/ABC-1/properties/n", body: "0" });
        return answer;
      },
      { returnsPromise: true },
    );
    installAP(emulateHost({ request }, { warn: () => {} }).connect());
    const store = createPropertyStore<number>(issueProperties("ABC-1"));
    await store.set("n", 0);
    await expect(store.update("n", (n = 0) => n + 1, { verify: true })).resolves.toBe(1);
    expect(backend.data.get("issue/ABC-1")!.get("n")!.value).toBe(0); // the increment is lost, and verify passed
  });
});
