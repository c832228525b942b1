// The autosaving assessment form: show what is being saved, never fail silently, and warn
// before leaving while a change has not reached the server.
(function () {
  "use strict";

  function formOf(evt) {
    const elt = evt.detail && evt.detail.elt;
    return elt && elt.closest ? elt.closest("form.js-autosave") : null;
  }

  // The answer itself (value, not applicable), without the comment and the bookkeeping fields.
  function answerOf(form) {
    const skip = ["comment", "comment_base", "version", "csrfmiddlewaretoken"];
    return JSON.stringify(Array.from(new FormData(form).entries()).filter(function (pair) {
      return skip.indexOf(pair[0]) < 0;
    }));
  }

  function setStatus(form, text, state) {
    const status = form.querySelector(".saved-state");
    if (!status) return;
    status.className = "saved-state text-nowrap" + (state ? " is-" + state : "");
    status.textContent = text;
    return status;
  }

  function markFailed(form, reason) {
    form.dataset.unsaved = "1";
    const status = setStatus(form, "Not saved: " + reason + " Your input is still here. ", "error");
    if (status) {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "btn btn-link btn-sm p-0 align-baseline js-retry";
      retry.textContent = "Try again";
      status.appendChild(retry);
    }
  }

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    const form = formOf(evt);
    if (!form) return;
    delete form.dataset.typed;
    form.dataset.sentAnswer = answerOf(form);
    form.dataset.pending = String((parseInt(form.dataset.pending || "0", 10)) + 1);
    setStatus(form, "Saving…", "saving");
  });

  document.body.addEventListener("htmx:afterRequest", function (evt) {
    const form = formOf(evt) || document.getElementById((evt.detail.elt || {}).id || "");
    if (!form || !form.dataset) return;
    const left = Math.max(0, parseInt(form.dataset.pending || "1", 10) - 1);
    if (left) form.dataset.pending = String(left); else delete form.dataset.pending;
    if (evt.detail.successful) delete form.dataset.unsaved;
  });

  // A save went through on this very block (a conflict replaces the whole block instead): the choice is made.
  document.body.addEventListener("htmx:afterSettle", function (evt) {
    const form = formOf(evt);
    if (!form || !form.isConnected || !form.querySelector(".saved-state.is-saved")) return;
    form.querySelectorAll(".conflict").forEach(function (alert) { alert.remove(); });
    form.classList.remove("border-warning");
  });

  document.body.addEventListener("htmx:responseError", function (evt) {
    const form = formOf(evt);
    if (form) markFailed(form, "the server could not save it (error " + evt.detail.xhr.status + ").");
  });

  document.body.addEventListener("htmx:sendError", function (evt) {
    const form = formOf(evt);
    if (form) markFailed(form, "the server could not be reached.");
  });

  // A comment conflict: keep the comment typed here (still in the box) or take the saved one; either is sent.
  document.body.addEventListener("click", function (evt) {
    const keep = evt.target.closest(".js-keep-mine, .js-keep-saved");
    const form = keep && keep.closest("form.js-autosave");
    if (!form) return;
    const box = form.querySelector("textarea[name='comment']");
    if (box && keep.matches(".js-keep-saved")) box.value = keep.dataset.comment || "";
    htmx.trigger(form, "change");
  });

  document.body.addEventListener("click", function (evt) {
    const retry = evt.target.closest(".js-retry");
    const clear = evt.target.closest(".js-clear");
    const form = (retry || clear) && (retry || clear).closest("form.js-autosave");
    if (!form) return;
    if (clear) {
      form.querySelectorAll("fieldset.js-value input").forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = false; else input.value = "";
      });
    }
    htmx.trigger(form, "change");
  });

  // "Not applicable" switches the answer off; unticking it brings back what was there.
  document.body.addEventListener("change", function (evt) {
    if (!evt.target.matches(".js-na")) return;
    const fieldset = evt.target.closest("form").querySelector("fieldset.js-value");
    if (fieldset) fieldset.disabled = evt.target.checked;
  }, true);

  // Back online: send whatever failed while the connection was down.
  window.addEventListener("online", function () {
    document.querySelectorAll("form.js-autosave[data-unsaved]").forEach(function (form) {
      htmx.trigger(form, "change");
    });
  });

  // Typing is sent 0.9 s after it stops. Leaving (address bar, Back, closing the tab) or hiding the page sooner
  // sends it at once, with a request that outlives the page; the form carries its CSRF token and version.
  document.body.addEventListener("input", function (evt) {
    const form = evt.target.matches && evt.target.matches(".js-typing") ? evt.target.closest("form.js-autosave") : null;
    if (form) form.dataset.typed = "1";
  });

  // `leaving`: also send again what is on its way (a request the browser is about to cancel). Sending the same
  // answer twice is harmless: the server keeps an answer that is already stored as it is. A comment typed while
  // the block's answer was on its way goes too: the server takes it over the newer version when that version's
  // answer is the one sent and its comment is still the one this page started from.
  function flushTyping(leaving) {
    const which = "form.js-autosave[data-typed]:not([data-pending])" +
      (leaving === true ? ", form.js-autosave[data-pending]:not([data-typed])" : "");
    const forms = Array.from(document.querySelectorAll(which));
    if (leaving === true) {
      document.querySelectorAll("form.js-autosave[data-typed][data-pending]").forEach(function (form) {
        if (answerOf(form) === form.dataset.sentAnswer) forms.push(form);
      });
    }
    forms.forEach(function (form) {
      delete form.dataset.typed;
      delete form.dataset.pending;
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
        keepalive: true,
      }).then(function (response) {
        return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
      }).then(function (html) {
        if (document.getElementById(form.id) !== form) return;
        // Still here (the page was only hidden): take the new version, or the conflict, as htmx would.
        const doc = new DOMParser().parseFromString(html, "text/html");
        const fresh = doc.getElementById(form.id);
        if (fresh) {
          const block = document.importNode(fresh, true);
          form.replaceWith(block);
          htmx.process(block);
          return;
        }
        ["-version", "-comment-base", "-status"].forEach(function (suffix) {
          const incoming = doc.getElementById(form.id + suffix);
          const here = document.getElementById(form.id + suffix);
          if (incoming && here) here.replaceWith(document.importNode(incoming, true));
        });
      }).catch(function () {
        if (document.getElementById(form.id) === form) markFailed(form, "the server could not be reached.");
      });
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushTyping();
  });
  window.addEventListener("pagehide", flushTyping);

  // Leaving: what can be sent is sent; a warning remains for a failed save, and for a new answer typed while
  // its block's previous save is still on its way (sending both at once could conflict with each other).
  window.addEventListener("beforeunload", function (evt) {
    flushTyping(true);
    if (document.querySelector("form.js-autosave[data-pending], form.js-autosave[data-unsaved]")) {
      evt.preventDefault();
      evt.returnValue = "";
    }
  });
})();
