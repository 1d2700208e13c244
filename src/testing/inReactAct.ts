// Host controls (closeDialog, flush, emit ...) make the app's components update. Where React's test environment is
// on (Testing Library turns it on), those updates must happen inside React's act(), or React warns "not wrapped in
// act(...)". React is an optional peer of apkit: it is looked up when apkit/testing is loaded, never imported up front.
//
// The work must *start* inside act(): a control such as emit delivers to the app's listeners at once, and a
// listener's setState before act() has begun is outside it. So act() must be known before the work starts, which is
// why React is looked up when apkit/testing is loaded (below), not when the first control runs: in ES modules the
// import() takes some ticks, and a control right after render() would otherwise wait for it while the app's own
// first updates (the bridge getting ready) happen outside act(). (React 18.2 has act() only in react-dom/test-utils.)

type Act = (callback: () => Promise<void>) => PromiseLike<void>;
let lookup: Promise<void> | undefined;
/** React's act() once looked up: a function, `null` where there is none, `undefined` until the lookup is done. */
let act: Act | null | undefined;

const actOf = (module: unknown): Act | undefined => {
  const m = module as { act?: Act; default?: { act?: Act } } | undefined;
  const found = m?.act ?? m?.default?.act;
  return typeof found === "function" ? found : undefined;
};

/**
 * Looks React's act() up (once), so that it is known by the time a control runs: in CommonJS (jest's
 * default runtime) with require(), at once; in ES modules with import().
 */
function findReactAct(): Promise<void> {
  if (act === undefined && typeof require === "function") act = required();
  return (lookup ??= act === undefined ? imported().then((found) => void (act = found)) : Promise.resolve());
}

// Literal module names, so that bundlers see them; a missing React (an optional peer) is no act() to wrap in.
function required(): Act | null {
  const attempt = (load: () => unknown) => {
    try {
      return actOf(load());
    } catch {
      return undefined;
    }
  };
  return attempt(() => require("react")) ?? attempt(() => require("react-dom/test-utils")) ?? null;
}

async function imported(): Promise<Act | null> {
  const attempt = async (load: () => Promise<unknown>) => {
    try {
      return actOf(await load());
    } catch {
      return undefined;
    }
  };
  return (await attempt(() => import("react"))) ?? (await attempt(() => import("react-dom/test-utils"))) ?? null;
}

const actEnvironment = () => (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT === true;

/**
 * @internal Runs `start` inside React's act() when React's test environment is on, as it is otherwise. `start` runs
 * synchronously (a caller mistake it throws is thrown at once) unless React is still being looked up, which only
 * happens when a control runs right as apkit/testing is loaded: then once React is found.
 */
export function inReactAct<T>(start: () => Promise<T>): Promise<T> {
  if (!actEnvironment()) return start();
  // Run from an event handler (a host panel's button, clicked by Testing Library's fireEvent, which is itself inside
  // a synchronous act()): an act() begun here would overlap that one. What the work updates later is then inside the
  // test's next step: a control it awaits (its own act()), or a waitFor (which turns act() off while it waits).
  if (typeof window !== "undefined" && window.event !== undefined) return start();
  if (act === undefined) return findReactAct().then(() => inReactAct(start));
  if (act === null) return start();
  let result!: T;
  // act() starts `start` at once; a synchronous throw comes out of act() synchronously too.
  const acting = act(async () => {
    result = await start();
  });
  return new Promise<T>((resolve, reject) => acting.then(() => resolve(result), reject));
}

// Touches no global, and a missing React is no error: there is then nothing to wrap.
void findReactAct();
