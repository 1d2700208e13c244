import { useEffect, type RefObject } from "react";
import { autoResize } from "apkit";
import { useAPState } from "./useAPState.js";

/**
 * Keeps the iframe as tall as its content while the component is mounted (`autoResize`): the element behind `ref`,
 * or `.ac-content`. Hosts ignore resizing in dialogs and for full-page modules (use `sizeToParent` there).
 *
 * @example
 * ```tsx
 * import { useRef } from "react";
 * import { useAutoResize } from "apkit/react";
 * function Panel({ children }: { children: React.ReactNode }) {
 *   const ref = useRef<HTMLDivElement>(null);
 *   useAutoResize(ref);
 *   return <div ref={ref}>{children}</div>;
 * }
 * ```
 */
export function useAutoResize(ref?: RefObject<Element | null>): void {
  const bridge = useAPState();
  useEffect(() => {
    if (bridge.status !== "ready") return;
    return autoResize({ element: ref?.current ?? undefined });
  }, [bridge, ref]);
}
