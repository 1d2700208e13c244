// A story decorator: every story runs against an emulated Connect host (apkit/testing) installed as window.AP,
// so the hooks talk to something with the real bridge's transport semantics, in Storybook and in vitest alike.
import { useState, type ReactNode } from "react";
import type { Decorator } from "@storybook/react";
import { APProvider } from "apkit/react";
import { emulateHost, installAP, type HostModules } from "apkit/testing";

export const promised = <F extends (...args: any[]) => unknown>(fn: F) => Object.assign(fn, { returnsPromise: true });

/** A small in-memory Jira: context, user, and a REST API with myself, an issue and issue properties. */
export function jiraModules(): HostModules {
  const properties = new Map<string, unknown>([["apkit-demo-visits", { count: 41 }]]);
  const json = (status: number, body?: unknown) => ({
    body: body === undefined ? "" : JSON.stringify(body),
    xhr: { status, headers: { "content-type": "application/json" }, responseText: body === undefined ? "" : JSON.stringify(body) },
  });
  return {
    context: {
      getContext: promised(async () => ({ jira: { issue: { id: "10001", key: "ABC-1" }, project: { id: "10000", key: "ABC" } } })),
      getToken: promised(async () => "header.payload.signature"),
    },
    user: {
      getCurrentUser: (cb: (u: unknown) => void) => cb({ atlassianAccountId: "557058:story-user" }),
      getLocale: (cb: (l: string) => void) => cb("en-US"),
      getTimeZone: (cb: (z: string) => void) => cb("Europe/Berlin"),
    },
    request: promised(async (o: { url: string; type?: string; data?: string }) => {
      if (o.url === "/rest/api/3/myself") return json(200, { accountId: "557058:story-user", displayName: "Story User" });
      if (o.url === "/rest/api/3/issue/ABC-1") return json(200, { key: "ABC-1", fields: { summary: "Make stories run as tests" } });
      const m = /^\/rest\/api\/3\/issue\/ABC-1\/properties\/(.+)$/.exec(o.url);
      if (m) {
        const key = decodeURIComponent(m[1]!);
        if (o.type === "PUT") {
          const existed = properties.has(key);
          properties.set(key, JSON.parse(o.data ?? "null"));
          return json(existed ? 200 : 201);
        }
        return properties.has(key) ? json(200, { key, value: properties.get(key) }) : Promise.reject(json(404, { errorMessages: ["missing"] }));
      }
      return Promise.reject(json(404, { errorMessages: [`No route ${o.url}`] }));
    }),
  };
}

function Host({ modules, children }: { modules: () => HostModules; children: ReactNode }) {
  // Installed during the first render, before any effect of the story runs; never removed while the story lives.
  useState(() => installAP(emulateHost(modules(), { warn: () => {} }).connect()));
  return <APProvider>{children}</APProvider>;
}

/** Wraps a story in an emulated host built from `modules` (a fresh host per story render). */
export const withHost =
  (modules: () => HostModules = jiraModules): Decorator =>
  (Story) => (
    <Host modules={modules}>
      <Story />
    </Host>
  );
