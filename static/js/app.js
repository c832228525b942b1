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
