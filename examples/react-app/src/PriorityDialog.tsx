// The dialog module (key "priority-dialog"): reads what the panel sent, and closes with the chosen priority when
// the host's Submit button is pressed. The panel's `open` resolves with exactly that.
//
// On Forge the same page is the modal resource "priority-dialog". Forge modals have no host buttons (apkit's
// dialog.button fails ERR_UNSUPPORTED_ON_PLATFORM there), so on Forge the page draws its own Submit and Cancel.
import { useEffect, useRef, useState } from "react";
import { dialog, platformName } from "apkit";
import { useAP } from "apkit/react";
import { describeError, DialogInput, done, fail, PRIORITIES, step, type DialogResult, type Priority } from "./shared.js";

export function PriorityDialog() {
  const ap = useAP();
  const [input, setInput] = useState<DialogInput>();
  const [choice, setChoice] = useState<Priority>("Medium");
  const [error, setError] = useState<string>();
  const latest = useRef(choice);
  latest.current = choice;
  // Connect: the host's chrome has the buttons. Forge: this page draws them (known once the platform started).
  const ownButtons = ap.status === "ready" && platformName() === "forge";

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
    let stop = () => {};
    if (platformName() !== "forge") {
      // The host's Submit would close the dialog without data; close it ourselves, with the choice.
      dialog.disableCloseOnSubmit().catch(onError);
      stop = dialog.button("submit").onClick(submit);
    }
    return () => {
      active = false;
      stop();
    };
  }, [ap.status]);

  function submit() {
    const result: DialogResult = { priority: latest.current };
    dialog.close(result).catch(onError);
  }

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
      {ownButtons ? (
        <div className="row buttons">
          <button type="button" className="primary" disabled={!input} onClick={submit}>
            Set priority
          </button>
          <button type="button" onClick={() => dialog.close().catch(onError)}>
            Cancel
          </button>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
