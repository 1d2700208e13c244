/** @internal Forge's flags: `showFlag`, with ids unique to the frame and actions as `onClick`. */
import type { FlagPort } from "apkit";
import type { ForgeRuntime } from "./runtime.js";

/** @internal */
export function forgeFlag(runtime: ForgeRuntime): FlagPort {
  let shown = 0;
  return {
    show(options, on) {
      let handle: { close(): Promise<unknown> } | undefined;
      let closeAsked = false;
      const close = () => handle!.close().then(on.close, on.close);
      runtime.withBridge((bridge) => {
        handle = bridge.showFlag({
          // Each frame (each extension of the app on a page, each modal) runs its own forge(): the host keys flags by
          // id, so a counter alone would give two frames the same ids.
          id: `apkit-flag-${runtime.frameTag}-${++shown}`,
          title: options.title,
          description: options.body,
          type: options.type ?? "info",
          actions: Object.entries<string>(options.actions ?? {}).map(([action, text]) => ({ text, onClick: () => on.action(action) })),
          // Connect flags close by themselves unless close is "manual".
          isAutoDismiss: options.close !== "manual",
        });
        if (closeAsked) void close();
      });
      return {
        close() {
          // Closed before the bridge was there to show it: close it once it is shown.
          if (handle) void close();
          else closeAsked = true;
        },
      };
    },
  };
}
