/**
 * @internal Forge's cookies: Connect keeps an app's cookies on the product's domain; a Custom UI frame has no such
 * host store, but it runs with `allow-same-origin` on its own origin, so its `localStorage` keeps them, namespaced by
 * app and environment (from the context's `localId`) and with Connect's expiry (days) honoured on read.
 */
import { HostError, type CookiePort } from "apkit";
import type { ForgeContext } from "./context.js";
import type { ForgeRuntime } from "./runtime.js";

const DAY = 86_400_000;

interface Stored {
  value: string;
  /** Milliseconds since the epoch; `null`: a session cookie (kept until erased, like Connect's without `expires`). */
  expires: number | null;
}

/** @internal */
export function forgeCookie(runtime: ForgeRuntime, now: () => number = Date.now): CookiePort {
  const keyOf = async (name: string) => `apkit.cookie:${namespaceOf(await runtime.startContext())}:${name}`;
  return {
    async save(name, value, expires) {
      const stored: Stored = { value, expires: expires === undefined ? null : now() + expires * DAY };
      const key = await keyOf(name);
      storage("cookie.save", (s) => s.setItem(key, JSON.stringify(stored)));
    },
    async read(name) {
      const key = await keyOf(name);
      const raw = storage("cookie.read", (s) => s.getItem(key));
      const stored = parse(raw);
      if (stored && (stored.expires === null || stored.expires > now())) return stored.value;
      if (raw !== null) storage("cookie.read", (s) => s.removeItem(key));
      return undefined;
    },
    async erase(name) {
      const key = await keyOf(name);
      storage("cookie.erase", (s) => s.removeItem(key));
    },
  };
}

// The app and its environment: cookies of the development and the production app must not meet.
function namespaceOf(context: ForgeContext): string {
  const [, app = "app", environment = String(context.environmentId ?? "env")] = /extension\/([^/]+)\/([^/]+)\//.exec(String(context.localId ?? "")) ?? [];
  return `${app}:${environment}`;
}

// localStorage can be missing or refuse (storage blocked, quota): a coded error rather than a bare DOMException.
function storage<T>(call: string, work: (store: Storage) => T): T {
  try {
    return work(globalThis.localStorage);
  } catch (error) {
    throw new HostError(`apkit/forge: ${call}: localStorage refused (${(error as Error)?.message ?? String(error)})`, { method: call, cause: error });
  }
}

function parse(raw: string | null): Stored | undefined {
  if (raw === null) return undefined;
  try {
    const stored = JSON.parse(raw) as Stored;
    return typeof stored?.value === "string" ? stored : undefined;
  } catch {
    return undefined;
  }
}
