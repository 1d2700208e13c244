import { useCallback, useEffect, useRef, useState } from "react";
import { dialog, type DialogOptions } from "apkit";

/** What {@link useDialog} returns. */
export interface UseDialogResult {
  /** Opens a dialog; resolves with the data it closed with (`undefined` when dismissed). */
  open<T = unknown>(options: DialogOptions): Promise<T | undefined>;
  /** True while a dialog opened here is open. */
  isOpen: boolean;
}

/**
 * Opens Connect dialogs from a component. Each `open` resolves with exactly the data its own dialog closed with
 * (apkit correlates opens, though the host tells every iframe of the app when any dialog closes). Unmounting stops
 * waiting: a pending `open` rejects with an `AbortError`, and no listener is left behind.
 *
 * @example
 * ```tsx
 * import { useDialog } from "apkit/react";
 * function PickButton({ onPicked }: { onPicked: (id: string) => void }) {
 *   const { open, isOpen } = useDialog();
 *   const pick = async () => {
 *     const picked = await open<{ id: string }>({ key: "item-picker", size: "medium" });
 *     if (picked) onPicked(picked.id);
 *   };
 *   return <button disabled={isOpen} onClick={pick}>Pick…</button>;
 * }
 * ```
 */
export function useDialog(): UseDialogResult {
  const [openCount, setOpenCount] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    controller.current = new AbortController();
    return () => controller.current?.abort();
  }, []);
  const open = useCallback(<T,>(options: DialogOptions) => {
    const signal = controller.current?.signal;
    setOpenCount((n) => n + 1);
    return dialog.open<T>(options, { signal }).finally(() => {
      if (!signal?.aborted) setOpenCount((n) => n - 1);
    });
  }, []);
  return { open, isOpen: openCount > 0 };
}
