import { useEffect, useRef, type RefObject } from "react";
import { autoResize, type Unsubscribe } from "apkit";
import { useAPState } from "./useAPState.js";

/**
 * Keeps the iframe as tall as its content while the component is mounted (`autoResize`): the element behind `ref`,
 * or else the page's `.ac-content`. The element is looked up again after every render of the component, so it may
 * appear later (a "Loading…" first, the content with `.ac-content` once the data is there) or be replaced; while
 * there is none, nothing is resized and nothing is thrown. Hosts ignore resizing in dialogs and for full-page modules
 * (use `sizeToParent` there); on Forge the host sizes the frame and this does nothing.
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
  const watching = useRef<{ element: Element; stop: Unsubscribe } | undefined>(undefined);
  // No dependencies: after every commit, follow the element there is now (or stop following the one that went).
  useEffect(() => {
    const element = bridge.status === "ready" ? (ref?.current ?? document.querySelector(".ac-content")) : null;
    if (watching.current?.element === element) return;
    watching.current?.stop();
    watching.current = element ? { element, stop: autoResize({ element }) } : undefined;
  });
  useEffect(
    () => () => {
      watching.current?.stop();
      watching.current = undefined;
    },
    [],
  );
}
