// The product's UI-facing bridge modules for the local host (dialogs, flags, navigator, history, ...).
// Loaded after product.js; extends window.harness. Plain browser JS.
(function () {
  "use strict";
})();
