// Issue 21 (item 8): a caller mistake in options names the field, what it must be and what it was, so the fix is in
// the message ("apkit: bad dialog options" named none); apFetch's cross-origin refusal names the origin it refused
// and the one it sends tokens to. The messages are the feature here, so they are asserted.
import { describe, expect, test } from "vitest";
import { createApFetch, dialog, flag, resize } from "apkit";
import { createMockAP } from "apkit/testing";

/** The TypeError a call throws, or the one its promise rejects with (promise-returning calls reject). */
async function mistake(call: () => unknown): Promise<TypeError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error("no TypeError");
}

const SIZE = 'pixels or a percentage (300, "300px", "50%") or undefined';
const CASES: Array<[string, () => unknown, string]> = [
  ["dialog.open()", () => dialog.open(undefined as never), "apkit: dialog.open options must be a plain object, got undefined"],
  ["dialog.open key", () => dialog.open({} as never), "apkit: dialog.open options.key must be a non-empty string, got undefined"],
  [
    "dialog.open size",
    () => dialog.open({ key: "d", size: "huge" as never }),
    'apkit: dialog.open options.size must be one of "small", "medium", "large", "x-large", "maximum", "fullscreen" or undefined, got "huge"',
  ],
  ["dialog.open width", () => dialog.open({ key: "d", width: "50vw" }), `apkit: dialog.open options.width must be ${SIZE}, got "50vw"`],
  ["dialog.open customData", () => dialog.open({ key: "d", customData: [1] as never }), "apkit: dialog.open options.customData must be a plain object or undefined, got an array"],
  ["flag.show()", () => flag.show("Saved" as never), 'apkit: flag.show options must be a plain object, got "Saved"'],
  ["flag.show type", () => flag.show({ title: "x", type: "fatal" as never }), 'apkit: flag.show options.type must be one of "info", "success", "warning", "error" or undefined, got "fatal"'],
  ["resize", () => resize(300, "10vh"), `apkit: resize height must be ${SIZE}, got "10vh"`],
];

describe("options errors name the field, what it must be and what it was", () => {
  test.each(CASES)("%s", async (_, call, message) => {
    expect((await mistake(call)).message).toBe(message);
  });

  test("a long string is cut short; functions and objects are named by their kind, never printed", async () => {
    expect((await mistake(() => dialog.open({ key: "d", size: "x".repeat(100) as never }))).message).toMatch(/, got "x{40}…"$/);
    expect((await mistake(() => flag.show({ title: (() => "secret") as never }))).message).toBe("apkit: flag.show options.title must be a string or undefined, got a function");
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
