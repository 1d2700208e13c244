// The dialog module (key "priority-dialog"): reads what the panel sent, and closes with the chosen priority when
// the host's Submit button is pressed. The panel's `open` resolves with exactly that.
import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { dialog } from "apkit";
import { APProvider, useAP } from "apkit/react";
import { describeError, DialogInput, done, fail, PRIORITIES, step, type DialogResult, type Priority } from "./shared.js";
import "./styles.css";

function PriorityDialog() {
  const ap = useAP();
  const [input, setInput] = useState<DialogInput>();
  const [choice, setChoice] = useState<Priority>("Medium");
  const [error, setError] = useState<string>();
  const latest = useRef(choice);
  latest.current = choice;

  useEffect(() => {
    if (ap.status !== "ready") return;
    let active = true;
    dialog.getCustomData(DialogInput).then((data) => {
      if (!active) return;
      setInput(data);
      if (data.current) setChoice(data.current);
      step(`dialog: custom data for ${data.issueKey} (current ${data.current ?? "none"})`);
      done();
    }, onError);
    // Submit would close the dialog without data; close it ourselves, with the choice.
    dialog.disableCloseOnSubmit().catch(onError);
    const stop = dialog.button("submit").onClick(() => {
      const result: DialogResult = { priority: latest.current };
      dialog.close(result).catch(onError);
    });
    return () => {
      active = false;
      stop();
    };
  }, [ap.status]);

  function onError(e: unknown) {
    setError(describeError(e));
    fail(e);
  }

  return (
    <div className="dialog">
      <p className="muted">{input ? `How urgent is ${input.issueKey}?` : ap.status === "error" ? describeError(ap.error) : "loading…"}</p>
      <fieldset disabled={!input}>
        {PRIORITIES.map((p) => (
          <label key={p} className={`choice ${choice === p ? "chosen" : ""}`}>
            <input type="radio" name="priority" value={p} checked={choice === p} onChange={() => setChoice(p)} />
            <span className={`priority priority-${p.toLowerCase()}`}>{p}</span>
          </label>
        ))}
      </fieldset>
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <APProvider>
      <PriorityDialog />
    </APProvider>
  </StrictMode>,
);
