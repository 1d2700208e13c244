/** @internal Connect's navigator: `AP.navigator`, and all.js's own `AP.getLocation` for the page's URL. */
import type { NavigatorPort } from "../port.js";
import { ask, fire } from "./call.js";

/** @internal */
export const connectNavigator: NavigatorPort = {
  go: (target, context) => fire("navigator.go", [target, context]),
  getLocation: (options) => ask("navigator.getLocation", [], options),
  // The host page's URL is all.js's own AP.getLocation (AP.env.getLocation underneath).
  getUrl: (options) => ask(["getLocation", "env.getLocation"], [], options),
  reload: () => fire("navigator.reload"),
};
