// Start-up of the priority dialog (dialog.html): the Connect dialog module "priority-dialog", and on Forge the modal
// resource "priority-dialog". Only `apOptions` (platform.ts) differs between the two builds.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { APProvider } from "apkit/react";
import { PriorityDialog } from "./PriorityDialog.js";
import { apOptions } from "./platform.js";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <APProvider options={apOptions}>
      <PriorityDialog />
    </APProvider>
  </StrictMode>,
);
