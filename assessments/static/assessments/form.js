// The autosaving assessment form: show what is being saved, never fail silently, and warn
// before leaving while a change has not reached the server.
(function () {
  "use strict";

  function formOf(evt) {
    const elt = evt.detail && evt.detail.elt;
    return elt && elt.closest ? elt.closest("form.js-autosave") : null;
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

  document.body.addEventListener("htmx:responseError", function (evt) {
    const form = formOf(evt);
    if (form) markFailed(form, "the server could not save it (error " + evt.detail.xhr.status + ").");
  });

  document.body.addEventListener("htmx:sendError", function (evt) {
    const form = formOf(evt);
    if (form) markFailed(form, "the server could not be reached.");
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

  window.addEventListener("beforeunload", function (evt) {
    if (document.querySelector("form.js-autosave[data-pending], form.js-autosave[data-unsaved]")) {
      evt.preventDefault();
      evt.returnValue = "";
    }
  });
})();
