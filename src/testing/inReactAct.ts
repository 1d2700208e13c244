// Host controls (closeDialog, flush, emit ...) make the app's components update. Where React's test environment is
// on (Testing Library turns it on), those updates must happen inside React's act(), or React warns "not wrapped in
// act(...)". React is an optional peer of apkit: it is looked up when a control runs, never imported up front.

type Act = (callback: () => Promise<void>) => Promise<void>;
let found: Promise<Act | undefined> | undefined;

async function reactAct(): Promise<Act | undefined> {
  try {
    const react = (await import("react")) as unknown as { act?: Act; default?: { act?: Act } };
    const act = react.act ?? react.default?.act;
    if (typeof act === "function") return act;
  } catch {
    // no React: nothing to wrap
  }
  try {
    // React 18.2 has act only here.
    const utils = (await import("react-dom/test-utils")) as unknown as { act?: Act; default?: { act?: Act } };
    return utils.act ?? utils.default?.act;
  } catch {
    return undefined;
  }
}

/** @internal Runs `work` inside React's act() when React's test environment is on; as it is otherwise. */
export async function inReactAct<T>(work: () => Promise<T>): Promise<T> {
  const on = () => (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT === true;
  if (!on()) return work();
  const act = await (found ??= reactAct());
  // Read again: Testing Library turns the flag off while it waits (waitFor, findBy), and act() would then warn.
  if (!act || !on()) return work();
  let result!: T;
  await act(async () => {
    result = await work();
  });
  return result;
}
