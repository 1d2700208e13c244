// Issue 21 (item 5): the React entry as an app under the strictest options users turn on (strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes: this project has them), against the built declarations. The
// documented start-up shared by both platforms passes `LoadAPOptions | undefined` to APProvider (TS2375 before).
// (The root tsconfig checks this file too, without exactOptionalPropertyTypes: so no canary for the option here;
// test/node/first-hour.test.ts type-checks the same line with it, against the packed package.)
import type { LoadAPOptions } from "apkit";
import { forge } from "apkit/forge";
import { APProvider, useApFetch, useAutoResize, type UseApFetchInit } from "apkit/react";

declare const onForge: boolean;
const apOptions: LoadAPOptions | undefined = onForge ? { platform: forge({ remote: "backend" }) } : undefined;

export const page = (
  <APProvider options={apOptions}>
    <p>children</p>
  </APProvider>
);
export const withoutOptions = <APProvider>{undefined}</APProvider>;

export function Items({ init }: { init?: UseApFetchInit | undefined }) {
  useAutoResize();
  const items = useApFetch<string[]>("/api/items", { fetch: init?.fetch, schema: init?.schema });
  return <p>{items.status === "success" ? items.data[0] : null}</p>;
}
