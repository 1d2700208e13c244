/**
 * @internal The host modules about the page and its user, over apkit's calls: `context`, `user`, `env`, `navigator`,
 * `history`, `cookie`, `scrollPosition`, `theming`, and connect-host's own `host`, `page` and `dropdown`. Each method
 * answers the way the host's does (callback last; `context`'s methods also as promises), so all.js's app-side layer
 * (allJs.ts) sits on top unchanged.
 */
import {
  cookie,
  getContext,
  getCurrentUser,
  getLocale,
  getTimeZone,
  getToken,
  hideFooter,
  history,
  navigator,
  requestJson,
  resize,
  scrollPosition,
  sizeToParent,
  theming,
  type HistoryPopState,
  type NavigatorTarget,
} from "apkit";
import { callApp, type Kit } from "./kit.js";

/** @internal The page modules, and the history anchor last seen (for the CDN all.js's synchronous `getState()`). */
export function compatPage(kit: Kit) {
  let anchor = "";
  const seen = (state: unknown) => {
    if (typeof state === "string") anchor = state;
    return state;
  };
  const refuse = (raw: string) =>
    kit.act(raw, () => {
      throw kit.refusal(raw);
    });

  return {
    historyState: () => anchor,
    modules: {
      context: {
        getToken: kit.answer("context.getToken", () => getToken(), true),
        getContext: kit.answer("context.getContext", () => getContext(), true),
      },
      user: {
        getCurrentUser: kit.answer("user.getCurrentUser", () => getCurrentUser()),
        getLocale: kit.answer("user.getLocale", () => getLocale()),
        getTimeZone: kit.answer("user.getTimeZone", () => getTimeZone()),
        getUser: kit.answer("user.getUser", async () => {
          const { atlassianAccountId: id } = await getCurrentUser();
          return { id, key: id, fullName: await displayName() };
        }),
      },
      env: {
        resize: kit.act("env.resize", (width?: number | string, height?: number | string) => resize(width, height)),
        sizeToParent: kit.act("env.sizeToParent", (hide?: unknown) => sizeToParent({ hideFooter: hide === true })),
        hideFooter: kit.act("env.hideFooter", (hide?: unknown) => hideFooter(hide !== false)),
        getLocation: kit.answer("env.getLocation", () => navigator.getUrl()),
      },
      navigator: {
        go: kit.act("navigator.go", (target: NavigatorTarget, context?: object) => navigator.go(target, (context ?? {}) as never)),
        getLocation: kit.answer("navigator.getLocation", () => navigator.getLocation()),
        reload: kit.act("navigator.reload", () => navigator.reload()),
      },
      history: {
        back: kit.act("history.back", () => history.back()),
        forward: kit.act("history.forward", () => history.forward()),
        go: kit.act("history.go", (delta: number) => history.go(delta)),
        getState: kit.answer("history.getState", async (type?: "hash" | "all") => (type === "all" ? history.getState("all") : seen(await history.getState()))),
        // The entry's anchor is its url when given, else its state (as on Connect).
        pushState: kit.act("history.pushState", (state: unknown, title?: string, url?: string) => {
          seen(url ?? state);
          return history.pushState(state, title, url);
        }),
        replaceState: kit.act("history.replaceState", (state: unknown, title?: string, url?: string) => {
          seen(url ?? state);
          return history.replaceState(state, title, url);
        }),
        // The bridge's callback answers once: the next change only.
        popState: kit.act("history.popState", (callback: unknown) => {
          const stop = history.onPopState((event: HistoryPopState) => {
            stop();
            seen(event.newURL);
            if (typeof callback === "function") callApp(callback as (e: HistoryPopState) => void, event);
          });
        }),
      },
      cookie: {
        save: kit.act("cookie.save", (name: unknown, value: unknown, expires?: unknown) =>
          cookie.save(String(name), String(value), typeof expires === "number" && expires > 0 ? expires : undefined),
        ),
        read: kit.answer("cookie.read", (name: unknown) => cookie.read(String(name))),
        erase: kit.act("cookie.erase", (name: unknown) => cookie.erase(String(name))),
      },
      scrollPosition: {
        getPosition: kit.answer("scrollPosition.getPosition", () => scrollPosition.get()),
        setVerticalPosition: kit.answer("scrollPosition.setVerticalPosition", (y: number) => scrollPosition.setVertical(y)),
      },
      theming: {
        initializeTheming: kit.act("theming.initializeTheming", (forceNoCleanup?: unknown) => theming.enable({ forceNoCleanup: forceNoCleanup === true })),
      },
      // connect-host 5.3 answers "" (the selection cannot be read any more); focus focuses the frame.
      host: {
        getSelectedText: kit.answer("host.getSelectedText", () => ""),
        focus: kit.act("host.focus", () => globalThis.focus?.()),
      },
      page: { setTitle: refuse("page.setTitle") },
      dropdown: {
        create: refuse("dropdown.create"),
        showAt: refuse("dropdown.showAt"),
        hide: refuse("dropdown.hide"),
        itemDisable: refuse("dropdown.itemDisable"),
        itemEnable: refuse("dropdown.itemEnable"),
      },
    },
  };
}

// The legacy getUser's fullName: the user's display name from the product (Confluence's or Jira's REST).
async function displayName(): Promise<string> {
  const { confluence } = (await getContext()) as { confluence?: unknown };
  try {
    const me = await requestJson<{ displayName?: string }>(confluence ? "/rest/api/user/current" : "/rest/api/3/myself");
    return me?.displayName ?? "";
  } catch {
    return "";
  }
}
