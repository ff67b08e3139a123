// Draws the dashboard's charts from the page's JSON block with the locally served plotly.js.
// Okabe-Ito colours and the cividis scale stay distinguishable with colour-blindness.
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Plotly === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var config = { displayModeBar: false, responsive: true, staticPlot: false };
  var layout = function (extra) {
    return Object.assign({ margin: { l: 60, r: 10, t: 10, b: 60 }, font: { size: 13 },
      paper_bgcolor: "#fff", plot_bgcolor: "#fff" }, extra || {});
  };
  // an empty chart draws bare axes (or a stray mark) that look like data: say there is none instead
  function empty(el) {
    el.classList.add("empty");
    el.textContent = "No alerts match these filters yet.";
  }
  function bars(id, series, colour, horizontal) {
    var el = document.getElementById(id);
    if (!el || !series) { return; }
    if (!series.x.length) { empty(el); return; }
    var trace = horizontal
      ? { type: "bar", orientation: "h", y: series.x, x: series.y, marker: { color: colour } }
      : { type: "bar", x: series.x, y: series.y, marker: { color: colour } };
    // categories, not dates: "2026-11" is a month label, not an instant
    var axes = horizontal ? { margin: { l: 190, r: 10, t: 10, b: 40 }, yaxis: { type: "category", automargin: true } }
      : { xaxis: { type: "category" } };
    Plotly.newPlot(el, [trace], layout(axes), config);
  }
  var pairs = document.getElementById("chart-pairs");
  if (pairs && data.pairs && !data.pairs.states.length) {
    empty(pairs);
  } else if (pairs && data.pairs) {
    Plotly.newPlot(pairs, [{ type: "heatmap", x: data.pairs.states, y: data.pairs.states, z: data.pairs.z,
      colorscale: "Cividis", hovertemplate: "%{y}–%{x}: %{z}<extra></extra>" }],
      layout({ xaxis: { type: "category", dtick: 1, tickangle: -90 }, yaxis: { type: "category", dtick: 1 } }), config);
  }
  bars("chart-months", data.months, "#0072B2", false);
  bars("chart-offences", data.offences, "#E69F00", true);
  bars("chart-statuses", data.statuses, "#009E73", false);
  var fall = document.getElementById("chart-waterfall");
  if (fall && data.waterfall && !data.waterfall.labels.length) {
    empty(fall);
  } else if (fall && data.waterfall) {
    // one bar per feature in evidence order, then the sum: the score's log-likelihood before calibration
    var w = data.waterfall;
    var labels = w.labels.map(function (l, i) { return (i + 1) + ". " + l; }).concat(["total"]);
    Plotly.newPlot(fall, [{ type: "waterfall", orientation: "v", x: labels, y: w.weights.concat([0]),
      measure: w.weights.map(function () { return "relative"; }).concat(["total"]),
      text: w.texts.concat(["sum of the weights"]), textposition: "none",
      hovertemplate: "%{text}: %{y:+.1f} bits<extra></extra>",
      increasing: { marker: { color: "#0072B2" } }, decreasing: { marker: { color: "#D55E00" } },
      totals: { marker: { color: "#555555" } } }],
      layout({ margin: { l: 50, r: 60, t: 10, b: 140 }, xaxis: { type: "category", automargin: true } }), config);
  }
}());
