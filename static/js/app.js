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
