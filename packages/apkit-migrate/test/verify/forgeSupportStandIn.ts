// A stand-in for apkit/forge's `forgeSupport` (contracts.md section 1), which the lead adds to apkit: the scanner of
// `check` reads it at run time, and until the installed apkit has it, these tests give it this small table, written
// from the call-by-call table of docs/forge.md. The mock only applies when apkit/forge has no table of its own.
type Row = { status: "works" | "differs" | "unsupported"; forge: string; note?: string };

export const FORGE_SUPPORT: Readonly<Record<string, Row>> = {
  request: { status: "differs", forge: "requestJira / requestConfluence (product from the context)" },
  requestJson: { status: "differs", forge: "requestJira / requestConfluence (product from the context)" },
  getContext: { status: "differs", forge: "view.getContext(), mapped to Connect's shape" },
  getToken: { status: "unsupported", forge: "none", note: "call your backend with apFetch" },
  "events.on": { status: "differs", forge: "events.on" },
  "dialog.open": { status: "differs", forge: "new Modal({ resource })" },
  "dialog.getCustomData": { status: "works", forge: "the context's extension.modal" },
  "dialog.close": { status: "works", forge: "view.close" },
  "dialog.button": { status: "unsupported", forge: "none", note: "Forge modals have no host buttons: draw them in the modal" },
  "dialog.disableCloseOnSubmit": { status: "unsupported", forge: "none", note: "Forge modals have no host buttons: draw them in the modal" },
  "flag.show": { status: "differs", forge: "showFlag" },
  autoResize: { status: "works", forge: "nothing to do" },
  "theming.enable": { status: "works", forge: "view.theme.enable()" },
  apFetch: { status: "differs", forge: "requestRemote(remote, { path })" },
  createPropertyStore: { status: "works", forge: "the same REST paths over requestJira / requestConfluence" },
  loadAP: { status: "differs", forge: "loadAP({ platform: forge() })" },
};
