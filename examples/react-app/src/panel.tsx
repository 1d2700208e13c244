// Start-up of the issue panel (index.html): the Connect web panel "triage-panel", and on Forge the jira:issuePanel
// resource "triage-panel". Only `apOptions` (platform.ts) differs between the two builds.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { APProvider } from "apkit/react";
import { IssuePanel } from "./IssuePanel.js";
import { apOptions } from "./platform.js";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <APProvider options={apOptions}>
      <IssuePanel />
    </APProvider>
  </StrictMode>,
);
