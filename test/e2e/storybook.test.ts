// The built Storybook (npm run build-storybook) opened in Chromium: one story renders a value from the hooks.
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "./browser.js";

const dir = fileURLToPath(new URL("../../storybook-static/", import.meta.url));
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2" };
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(dir, "iframe.html"))) throw new Error("storybook-static is missing: run `npm run build-storybook` first");
  server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    const file = path.startsWith(dir) && existsSync(path) && statSync(path).isFile() ? path : undefined;
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

test("the IssueGlance story renders the issue from the emulated host; screenshot saved", async () => {
  const page = await browser.newPage({ viewport: { width: 600, height: 300 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/iframe.html?id=hooks-issueglance--reads-context-issue-and-property&viewMode=story`);
  const summary = page.getByTestId("summary");
  await summary.waitFor({ timeout: 15_000 });
  expect(await summary.textContent()).toBe("Make stories run as tests");
  expect(await page.getByRole("heading").textContent()).toBe("ABC-1");
  mkdirSync(".artifacts", { recursive: true });
  await page.screenshot({ path: ".artifacts/storybook-issue-glance.png" });
  expect(errors).toEqual([]);
});
