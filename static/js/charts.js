// Draws every Plotly figure on the page from the JSON embedded next to it (json_script style).
// plotly.min.js is loaded once per page before this file; figures are never inlined as code.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") {
    document.querySelectorAll(".js-chart").forEach(function (el) {
      el.innerHTML = '<p class="text-muted small">The chart library did not load; the table below has the same data.</p>';
    });
    return;
  }
  // Charts hold people data: nothing in the toolbar may send a figure, or link, to a third party
  // (Plotly Cloud, Chart Studio). The one PNG button is ours, next to the table, so Plotly's camera goes.
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage", "sendDataToCloud", "sendChartToCloud"],
  };

  function render(el) {
    if (el.dataset.rendered) return;
    var source = document.getElementById(el.dataset.figure);
    if (!source) return;
    var figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (err) {
      el.innerHTML = '<p class="text-muted small">This chart could not be read; the table below has the same data.</p>';
      return;
    }
    el.dataset.rendered = "pending";
    Plotly.newPlot(el, figure.data, figure.layout, Object.assign({}, CONFIG)).then(function () {
      el.dataset.rendered = "true";
      el.dispatchEvent(new CustomEvent("chart:rendered", { bubbles: true }));
    });
  }

  function renderAll(root) {
    (root || document).querySelectorAll(".js-chart").forEach(render);
  }

  function resizeAll() {
    document.querySelectorAll(".js-chart[data-rendered='true']").forEach(function (el) {
      Plotly.Plots.resize(el);
    });
  }

  // PNG of one chart, made in the browser by Plotly (works offline).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-chart-png]");
    if (button) {
      var el = document.getElementById(button.dataset.chartPng);
      if (el && el.dataset.rendered === "true") {
        Plotly.downloadImage(el, {
          format: "png",
          filename: el.dataset.filename || "chart",
          width: Math.max(el.clientWidth, 900),
          height: el.clientHeight,
          scale: 2,
        });
      }
      return;
    }
    if (evt.target.closest("[data-print]")) {
      window.print();
    }
  });

  // Charts follow the page width when printing (A4/Letter), then come back.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    if (mq.addEventListener) mq.addEventListener("change", resizeAll);
  }
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    renderAll(evt.detail.target);
  });
  renderAll(document);
})();
