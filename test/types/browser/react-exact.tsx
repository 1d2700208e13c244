// Issue 21 (item 5): the React entry as an app under the strictest options users turn on (strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes: this project has them), against the built declarations. The
// documented start-up shared by both platforms passes `LoadAPOptions | undefined` to APProvider (TS2375 before).
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

// The canary: exactOptionalPropertyTypes is on here, so an explicit undefined in an optional property of a type
// that does not allow it is an error (were the option off, this directive would be unused: an error too).
// @ts-expect-error: exactOptionalPropertyTypes refuses undefined for `a?: string`
export const canary: { a?: string } = { a: undefined };
