// Issue 21 (item 8): a caller mistake in options is a TypeError whose message names the field, what it must be and
// what it was, so the fix is in the message ("apkit: bad dialog options" named none); apFetch's cross-origin refusal
// names the origin it refused and the one it sends tokens to. The messages are the feature here, so they are asserted.
import { describe, expect, test } from "vitest";
import { createApFetch, dialog, flag, resize } from "apkit";
import { createMockAP } from "apkit/testing";

const thrown = (fn: () => unknown): TypeError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error("did not throw");
};

const SIZE = 'pixels or a percentage (400, "400px", "50%")';
const CASES: Array<[string, () => unknown, string]> = [
  ["dialog.open()", () => dialog.open(undefined as never), "apkit: bad dialog options: undefined, not an object"],
  ["dialog.open key", () => dialog.open({} as never), "apkit: bad dialog options: key must be a non-empty string, not undefined"],
  ["dialog.open size", () => dialog.open({ key: "d", size: "huge" as never }), 'apkit: bad dialog options: size must be small | medium | large | x-large | maximum | fullscreen, not "huge"'],
  ["dialog.open width", () => dialog.open({ key: "d", width: "50vw" }), `apkit: bad dialog options: width must be ${SIZE}, not "50vw"`],
  ["dialog.open customData", () => dialog.open({ key: "d", customData: [1] as never }), "apkit: bad dialog options: customData must be an object, not an array"],
  ["flag.show()", () => flag.show("Saved" as never), 'apkit: bad flag options: "Saved", not an object'],
  ["flag.show type", () => flag.show({ title: "x", type: "fatal" as never }), 'apkit: bad flag options: type must be info | success | warning | error, not "fatal"'],
  ["flag.show close", () => flag.show({ close: "never" as never }), 'apkit: bad flag options: close must be auto | manual, not "never"'],
  ["flag.show body", () => flag.show({ body: {} as never }), "apkit: bad flag options: body must be a string, not an object"],
  ["resize", () => resize(300, "10vh"), `apkit: bad resize arguments: height must be ${SIZE}, not "10vh"`],
];

describe("options errors name the field, what it must be and what it was", () => {
  test.each(CASES)("%s", (_, call, message) => {
    expect(thrown(call).message).toBe(message);
  });

  test("a long string is cut short; functions and objects are named by their kind, never printed", () => {
    expect(thrown(() => dialog.open({ key: "d", size: "x".repeat(100) as never })).message).toMatch(/, not "x{40}"$/);
    expect(thrown(() => flag.show({ title: (() => "secret") as never })).message).toBe("apkit: bad flag options: title must be a string, not a function");
  });
});

test("apFetch's cross-origin refusal names the refused origin and the one the token goes to", async () => {
  using mock = createMockAP().install();
  const api = createApFetch({ baseUrl: "https://app.example.com/", getToken: () => mock.ap.context.getToken() });
  const error = await api("https://evil.example/steal").catch((e: unknown) => e);
  expect(error).toMatchObject({
    code: "ERR_CROSS_ORIGIN_TOKEN",
    url: "https://evil.example/steal",
    message: "Token not sent to https://evil.example: only to https://app.example.com (baseUrl) and allowOrigins",
  });
});
