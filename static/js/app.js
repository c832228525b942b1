// Shared behaviour: show htmx request failures instead of failing silently.
document.body.addEventListener("htmx:responseError", function (evt) {
  const target = evt.detail.target;
  if (target && evt.detail.xhr && evt.detail.xhr.status >= 500) {
    target.insertAdjacentHTML("beforeend", '<div class="alert alert-danger py-1 px-2 small" role="alert">Saving failed. Your input is still here; please try again.</div>');
  }
});
document.body.addEventListener("htmx:sendError", function (evt) {
  const target = evt.detail.target;
  if (target) {
    target.insertAdjacentHTML("beforeend", '<div class="alert alert-danger py-1 px-2 small" role="alert">Could not reach the server. Your input is still here; it will be saved when you change it again.</div>');
  }
});

// A form that does something for good asks first: <form data-confirm="...">. Cancelling leaves the page as it is.
document.body.addEventListener("submit", function (evt) {
  const form = evt.target.closest && evt.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    evt.preventDefault();
    evt.stopImmediatePropagation();
  }
}, true);

// A filter that applies as soon as it is chosen: <select data-autosubmit> (a button in <noscript> does it otherwise).
document.body.addEventListener("change", function (evt) {
  if (evt.target.matches && evt.target.matches("select[data-autosubmit]") && evt.target.form) evt.target.form.submit();
});

// A change made before htmx listens (the page still loading, or a block just swapped in, which htmx wires up a
// moment later) is saved once it does: every autosaving control whose value differs from the one the server
// sent sends its change.
function changedFromServed(control) {
  if (control.type === "hidden" || control.disabled) return false;
  if (control.type === "radio" || control.type === "checkbox") return control.checked !== control.defaultChecked;
  if (control.tagName === "SELECT") {
    return Array.from(control.options).some(function (o) { return o.selected !== o.defaultSelected; });
  }
  return "defaultValue" in control && control.value !== control.defaultValue;
}
document.body.addEventListener("htmx:load", function (evt) {
  const root = evt.detail.elt;
  if (!root || !root.querySelectorAll) return;
  const pending = new Set();
  const controls = Array.from(root.querySelectorAll("input, select, textarea"));
  if (root.matches("input, select, textarea")) controls.push(root);
  controls.forEach(function (control) {
    const owner = control.closest("[hx-post]");
    if (owner && changedFromServed(control)) pending.add(owner);
  });
  pending.forEach(function (el) { htmx.trigger(el, "change"); });
});
