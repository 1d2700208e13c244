// emulateHost sanitises messages the way simple-xdm does (measured against atlassian-connect-js 5.3.190's
// sanitizeStructuredClone), so tests meet the same data the real bridge delivers.
import { expect, test, vi } from "vitest";
import { emulateHost, type HostMethod } from "apkit/testing";

test("app→host arguments and host→app answers are sanitised like simple-xdm", async () => {
  const warn = vi.fn();
  let received: unknown;
  const echo: HostMethod = Object.assign(async (value: unknown) => ((received = value), value), { returnsPromise: true });
  const ap = emulateHost({ probe: { echo } }, { warn }).connect();
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const input = {
    keep: "x",
    gone: null,
    fn: () => 1,
    list: [1, null, () => 2],
    err: new Error("e"),
    when: new Date(0),
    bytes: new Uint8Array([7, 8]),
    buffer: new Uint8Array([1]).buffer,
    circular,
  };
  const answer = await ap.probe.echo(input);
  const expected = {
    keep: "x",
    list: [1, null, null],
    err: {},
    when: new Date(0),
    bytes: { 0: 7, 1: 8 },
    buffer: new Uint8Array([1]).buffer,
    circular: { a: 1 },
  };
  expect(received).toEqual(expected);
  expect(answer).toEqual(expected);
  expect(warn).toHaveBeenCalledWith("[Simple-XDM] A function was detected and removed from the message.");
  expect(warn).toHaveBeenCalledWith("[Simple-XDM] A circular reference was detected and removed from the message.");
});

test("host broadcasts are structured-cloned without sanitising (nulls survive)", async () => {
  const host = emulateHost({}, { warn: () => {} });
  const ap = host.connect();
  const seen = vi.fn();
  ap.events.on("e", seen);
  host.broadcast("e", undefined, { x: null });
  await new Promise((r) => setTimeout(r, 0));
  expect(seen).toHaveBeenCalledWith({ x: null });
});
