// The product's REST for entity, app and content properties in the local host's in-memory store.
// Loaded after product.js; adds routes to window.harness.routes. Plain browser JS.
(function () {
  "use strict";
})();
