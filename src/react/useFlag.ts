import { useCallback, useEffect, useRef } from "react";
import { flag, type FlagHandle, type FlagOptions, type Unsubscribe } from "apkit";

/**
 * Shows Connect flags from a component. `show(options, onAction?)` returns the flag's handle; the action handlers
 * given here are the latest ones rendered and are detached when the component unmounts (the flag itself stays:
 * flags belong to the page, not to a component).
 *
 * @example
 * ```tsx
 * import { useFlag } from "apkit/react";
 * function SaveButton({ save, undo }: { save: () => Promise<void>; undo: () => void }) {
 *   const show = useFlag();
 *   const onClick = async () => {
 *     await save();
 *     show({ title: "Saved", type: "success", close: "auto", actions: { undo: "Undo" } }, { undo });
 *   };
 *   return <button onClick={onClick}>Save</button>;
 * }
 * ```
 */
export function useFlag(): <A extends string = string>(
  options: FlagOptions<A>,
  onAction?: Partial<Record<A, () => void>>,
) => FlagHandle<A> {
  const stops = useRef(new Set<Unsubscribe>());
  useEffect(() => {
    const current = stops.current;
    return () => {
      current.forEach((stop) => stop());
      current.clear();
    };
  }, []);
  return useCallback(<A extends string = string>(options: FlagOptions<A>, onAction?: Partial<Record<A, () => void>>) => {
    const handle = flag.show(options);
    for (const [action, listener] of Object.entries(onAction ?? {}) as [A, () => void][]) {
      const stop = handle.onAction(action, listener);
      stops.current.add(stop);
      void handle.closed.then(() => {
        stop();
        stops.current.delete(stop);
      });
    }
    return handle;
  }, []);
}
