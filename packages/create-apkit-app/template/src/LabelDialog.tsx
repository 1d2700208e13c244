// The dialog's page: reads what the panel sent and closes with the chosen label, which the panel's `open` resolves
// with. It draws its own buttons (a Connect dialog without chrome, a Forge modal), so it is the same on both.
import { useEffect, useState, type FormEvent } from "react";
import { dialog } from "apkit";
import { useAP } from "apkit/react";
import { LABELS, type DialogInput, type DialogResult, type Label } from "./shared";

export function LabelDialog() {
  const ap = useAP();
  const [input, setInput] = useState<DialogInput>();
  const [label, setLabel] = useState<Label>(LABELS[0]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (ap.status !== "ready") return;
    let active = true;
    dialog.getCustomData<DialogInput>().then(
      (data) => {
        if (!active) return;
        setInput(data);
        if (data.label) setLabel(data.label);
      },
      (e: { code?: string }) => setError(e.code),
    );
    return () => {
      active = false;
    };
  }, [ap.status]);

  function save(event: FormEvent) {
    event.preventDefault();
    const result: DialogResult = { label };
    dialog.close(result).catch((e: { code?: string }) => setError(e.code));
  }

  return (
    <form className="dialog" onSubmit={save}>
      <p>{input ? `Label ${input.issueKey} as:` : (error ?? "Loading…")}</p>
      {LABELS.map((l) => (
        <label key={l}>
          <input type="radio" name="label" value={l} checked={label === l} onChange={() => setLabel(l)} /> {l}
        </label>
      ))}
      <p>
        <button type="submit" className="primary" disabled={!input}>
          Save
        </button>{" "}
        <button type="button" onClick={() => void dialog.close()}>
          Cancel
        </button>
      </p>
    </form>
  );
}
