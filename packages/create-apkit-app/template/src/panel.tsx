// Start-up of the issue panel (index.html): the Connect web panel, and on Forge the jira:issuePanel resource.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { APProvider } from "apkit/react";
import { IssuePanel } from "./IssuePanel";
import { apOptions } from "./platform";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <APProvider options={apOptions}>
      <IssuePanel />
    </APProvider>
  </StrictMode>,
);
