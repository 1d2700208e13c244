// Start-up of the label dialog (dialog.html): the Connect dialog module, and on Forge the modal resource.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { APProvider } from "apkit/react";
import { LabelDialog } from "./LabelDialog";
import { apOptions } from "./platform";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <APProvider options={apOptions}>
      <LabelDialog />
    </APProvider>
  </StrictMode>,
);
