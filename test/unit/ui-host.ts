// The dialog, flag and React hook unit tests run on apkit/testing's product model (createMockAP's dialog provider,
// flags and all.js parts), the one the contract suite holds to the real connect-host.js, so these tests cannot pass
// on a host of their own that drifted from it. This file only names the few controls those tests use.
import { createMockAP, installAP, type HostModules, type MockFlag } from "apkit/testing";

export const tick = () => new Promise((r) => setTimeout(r, 0));

/** createMockAP with `more` host modules; iframes are made with `host.connect` like on a bare emulated host. */
export function uiHost(more: HostModules = {}) {
  // The tests read every answer through apkit, which reports bridge warnings itself: silence the mock's copies.
  const mock = createMockAP({ modules: more, warn: () => {} });
  return {
    mock,
    host: {
      /** The `AP` of one more iframe of the app (a frame the mock knows, so its dialogs and flags are recorded). */
      connect: (spec: { key?: string } = {}) => mock.connect({ moduleKey: spec.key }).ap,
      broadcast: mock.host.broadcast,
    },
    addonKey: mock.main.addonKey,
    dialogs: mock.dialogs,
    top: () => mock.dialogs[mock.dialogs.length - 1],
    /** A click on a button of the top dialog; Submit/Cancel then close it as all.js does. */
    click: (identifier: string) => mock.clickDialogButton(identifier),
    flags: mock.flags,
    flagAction: (f: MockFlag, action: string) => mock.clickFlagAction(f, action),
    closeFlag: (f: MockFlag) => mock.closeFlag(f),
  };
}

/** Runs `fn` with `ap` as window.AP (a page of its own iframe), then puts the previous AP back. */
export async function inFrame<T>(ap: object, fn: () => T | Promise<T>): Promise<T> {
  const previous = (window as any).AP;
  installAP(ap);
  try {
    return await fn();
  } finally {
    (window as any).AP = previous;
  }
}
