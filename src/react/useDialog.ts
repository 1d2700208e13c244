import { useCallback, useEffect, useRef, useState } from "react";
import { dialog, validate, type DialogOptions, type StandardSchemaV1 } from "apkit";

/** What {@link useDialog} returns. */
export interface UseDialogResult {
  /** Opens a dialog; resolves with the data it closed with (`undefined` when dismissed). */
  open<T = unknown>(options: DialogOptions): Promise<T | undefined>;
  /** Opens a dialog; its close data is validated (and typed) by `schema`: a mismatch rejects with `ValidationError`. */
  open<S extends StandardSchemaV1>(options: DialogOptions, schema: S): Promise<StandardSchemaV1.InferOutput<S> | undefined>;
  /** True while a dialog opened here is open. */
  isOpen: boolean;
}

/**
 * Opens Connect dialogs from a component. Each `open` resolves with exactly the data its own dialog closed with
 * (apkit correlates opens, though the host tells every iframe of the app when any dialog closes). Unmounting stops
 * waiting: a pending `open` rejects with an `AbortError`, and no listener is left behind. Give `open` a schema to
 * validate and type what the dialog closed with, as `getContext(schema)` does for the context.
 *
 * @example
 * ```tsx
 * import { z } from "zod";
 * import { useDialog } from "apkit/react";
 * function PickButton({ onPicked }: { onPicked: (id: string) => void }) {
 *   const { open, isOpen } = useDialog();
 *   const pick = async () => {
 *     const picked = await open({ key: "item-picker", size: "medium" }, z.object({ id: z.string() }));
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
  const open = useCallback((options: DialogOptions, schema?: StandardSchemaV1) => {
    const signal = controller.current?.signal;
    setOpenCount((n) => n + 1);
    return dialog
      .open(options, { signal })
      .then((data) => (schema && data !== undefined ? validate(schema, data, "dialog close data") : data))
      .finally(() => {
        if (!signal?.aborted) setOpenCount((n) => n - 1);
      });
  }, []) as UseDialogResult["open"];
  return { open, isOpen: openCount > 0 };
}
