// The responsibility matrix: a refused cell (bad value, no permission) answers 4xx with the cell and its message,
// which is shown in place of the cell like a saved one.
document.body.addEventListener("htmx:beforeSwap", function (evt) {
  const status = evt.detail.xhr.status;
  if ((status === 400 || status === 403) && evt.detail.target.classList.contains("matrix-cellbox")) {
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
  }
});
