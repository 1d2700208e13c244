// A legacy Connect issue panel, written the way Connect apps were: raw AP, callbacks, AP.require, jQuery. It runs
// unchanged as a Connect web panel (index.html: all.js) and as a Forge Custom UI issue panel (forge.html, which
// build.mjs makes from index.html: apkit/compat's installAP() in the page's first script instead of all.js).
//
// One thing a Connect page on the CDN all.js could do and this one does not: AP.request's success / error callbacks.
// The local demo host serves the npm package's all.js, which has no request plugin, so this page uses AP.request's
// promise, which every all.js has (apkit/compat has both).
(function ($) {
  "use strict";

  // Only for the demo's note ("written in the Forge panel"): a Custom UI frame has the Forge host's __bridge. Nothing
  // else here knows which platform it is on.
  var label = window.__bridge ? "Forge" : "Connect";

  function show(id, text) {
    $("#" + id).text(text);
  }

  function fail(what) {
    return function (reason) {
      var xhr = reason && reason.xhr;
      show("status", what + " failed" + (xhr ? ": HTTP " + xhr.status : ""));
      $("#status").addClass("error");
    };
  }

  function loadNote(request, issueKey) {
    request({ url: "/rest/api/3/issue/" + issueKey + "/properties/legacy-note" }).then(
      function (answer) {
        var note = JSON.parse(answer.body).value;
        show("note", note.text);
        show("note-by", "written in the " + note.by + " panel");
      },
      function (reason) {
        if (reason && reason.xhr && reason.xhr.status === 404) show("note", "(no note yet)");
        else fail("Reading the note")(reason);
      },
    );
  }

  AP.context.getContext(function (context) {
    var issueKey = context.jira.issue.key;
    show("issue", issueKey);

    AP.require(["request", "cookie"], function (request, cookie) {
      request({ url: "/rest/api/3/issue/" + issueKey, type: "GET" }).then(function (answer) {
        show("summary", JSON.parse(answer.body).fields.summary);
        AP.resize();
      }, fail("Reading the issue"));

      request({ url: "/rest/api/3/myself" }).then(function (answer) {
        show("hello", "Hello, " + JSON.parse(answer.body).displayName);
      }, fail("Reading the user"));

      cookie.read("legacy-visits", function (value) {
        var visits = (parseInt(value, 10) || 0) + 1;
        show("visits", "Visit #" + visits + " of this panel");
        cookie.save("legacy-visits", String(visits), 30);
      });

      loadNote(request, issueKey);

      $("#refresh").on("click", function () {
        loadNote(request, issueKey);
      });

      $("#form").on("submit", function (event) {
        event.preventDefault();
        var text = $.trim($("#text").val());
        if (!text) return;
        request({
          url: "/rest/api/3/issue/" + issueKey + "/properties/legacy-note",
          type: "PUT",
          contentType: "application/json",
          data: JSON.stringify({ text: text, by: label }),
        }).then(function () {
          $("#text").val("");
          show("note", text);
          show("note-by", "written in the " + label + " panel");
          AP.flag.create({ title: "Note saved", body: "Saved on " + issueKey + ".", type: "success", actions: { undo: "Undo" } });
        }, fail("Saving the note"));
      });
    });
  });

  AP.events.on("flag.action", function (event) {
    if (event.actionIdentifier === "undo") show("status", "Undo asked (the note stays)");
  });

  // Legacy code that calls its own backend with a context token: on Forge there is none (apkit/compat says what to
  // use instead, in the console), so the callback gets nothing and the page says so.
  AP.context.getToken(function (token) {
    show("token", token ? "context token: yes" : "context token: none");
  });
})(window.jQuery);
