// Draws every chart the report's JSON specifies with uPlot. Each series carries its own x values; uPlot.join aligns
// them on one x axis with gaps (null) where a series has no point. Errors are shown in the page and on the console.
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22"];
  var data = JSON.parse(document.getElementById("rabbittune-data").textContent);
  var drawn = [];
  window.rabbittuneCharts = drawn;

  // x = 1/(1-p): label the decades (0%, 90%, 99%, 99.9% ...) and leave the ticks between them blank
  function percentileLabel(x) {
    if (x == null) return null; // a tick uPlot's log filter hid
    var decade = Math.log10(x);
    if (Math.abs(decade - Math.round(decade)) > 1e-9) return "";
    var nines = Math.round(decade);
    if (nines === 0) return "0%";
    return (100 - 100 / Math.pow(10, nines)).toFixed(Math.max(0, nines - 2)) + "%";
  }

  // the percentile a 1/(1-p) position stands for, as the hover legend shows it
  function percentileOf(x) {
    return x == null ? "-" : (100 - 100 / x).toPrecision(6).replace(/0+$/, "").replace(/\.$/, "") + "%";
  }

  function tableOf(s) {
    var table = [s.x, s.y];
    if (s.lower) { table.push(s.lower); table.push(s.upper); }
    return table;
  }

  function markerPlugin(spec) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip();
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 2 * devicePixelRatio; // whole pixels: a line between two rows would be half-drawn twice
          ctx.font = (12 * devicePixelRatio) + "px sans-serif";
          spec.xMarkers.forEach(function (m) {
            var x = Math.round(u.valToPos(m.value, "x", true));
            ctx.strokeStyle = "#444"; ctx.fillStyle = "#444";
            ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
            ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
          });
          spec.yMarkers.forEach(function (m) {
            var y = Math.round(u.valToPos(m.value, "y", true));
            ctx.strokeStyle = "#b00"; ctx.fillStyle = "#b00";
            ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
            ctx.fillText(m.label, u.bbox.left + 4 * devicePixelRatio, y - 4 * devicePixelRatio);
          });
          ctx.restore();
        }]
      }
    };
  }

  function xAxis(spec) {
    var axis = { label: spec.xLabel };
    if (spec.xScale === "percentile") {
      axis.values = function (u, splits) { return splits.map(percentileLabel); };
    } else if (spec.xScale === "category") {
      axis.values = function (u, splits) {
        return splits.map(function (v) { return Number.isInteger(v) ? (spec.categories[v] || "") : ""; });
      };
      axis.splits = function () { return spec.categories.map(function (c, i) { return i; }); };
    }
    return axis;
  }

  function xValue(spec) {
    if (spec.xScale === "percentile") return function (u, v) { return percentileOf(v); };
    if (spec.xScale === "category") return function (u, v) { return v == null ? "-" : spec.categories[v]; };
    return undefined;
  }

  // the y range stretched to hold the markers (an SLO far above or below every point is still drawn)
  function yRange(spec) {
    return function (u, min, max) {
      spec.yMarkers.forEach(function (m) {
        if (!spec.yLog || m.value > 0) { min = Math.min(min, m.value); max = Math.max(max, m.value); }
      });
      if (min == null || max == null || !isFinite(min) || !isFinite(max)) return [0, 1];
      if (spec.yLog) {
        // whole decades with room: a marker at the range's very edge would fall on the plot's border
        return [Math.pow(10, Math.floor(Math.log10(min / 2))), Math.pow(10, Math.ceil(Math.log10(max * 2)))];
      }
      var pad = (max - min) * 0.05 || Math.abs(max) * 0.05 || 1;
      return [Math.min(0, min - pad), max + pad];
    };
  }

  // only the keys that differ from uPlot's defaults: an undefined value would replace a default
  function xScaleOf(spec) {
    var scale = { time: false, distr: spec.xScale === "log" || spec.xScale === "percentile" ? 3 : 1 };
    if (spec.xScale === "category") {
      scale.range = function () { return [-0.5, spec.categories.length - 0.5]; };
    }
    return scale;
  }

  function options(spec, width) {
    var series = [{ label: spec.xLabel }];
    if (xValue(spec)) series[0].value = xValue(spec);
    var bands = [];
    var colour = 0;
    spec.series.forEach(function (s) {
      var stroke = s.label === "recommended" ? "#000" : PALETTE[colour++ % PALETTE.length];
      var line = { label: s.label, stroke: stroke, width: s.faint ? 1 : 2, spanGaps: false };
      if (s.faint) line.dash = [4, 3];
      if (s.pointsOnly) { line.paths = function () { return null; }; line.points = { show: true, size: 12, fill: "#000" }; }
      series.push(line);
      if (s.lower) {
        var median = series.length - 1;
        series.push({ label: s.label + " lower", stroke: stroke, width: 0.5, dash: [2, 2] });
        series.push({ label: s.label + " upper", stroke: stroke, width: 0.5, dash: [2, 2] });
        bands.push({ series: [median + 2, median + 1], fill: stroke + "33" });
      }
    });
    return {
      title: spec.title,
      width: width,
      height: 320,
      scales: {
        x: xScaleOf(spec),
        y: { distr: spec.yLog ? 3 : 1, range: yRange(spec) }
      },
      axes: [xAxis(spec), { label: spec.yLabel, size: 70 }],
      series: series,
      bands: bands,
      plugins: [markerPlugin(spec)]
    };
  }

  function positiveOnly(table, log) {
    if (!log) return table;
    return table.map(function (column, i) {
      return i === 0 ? column : column.map(function (v) { return v === null || v > 0 ? v : null; });
    });
  }

  data.charts.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    try {
      var tables = spec.series.map(function (s) { return positiveOnly(tableOf(s), spec.yLog); });
      var aligned = uPlot.join(tables);
      var width = Math.max(320, element.clientWidth || 900);
      drawn.push(new uPlot(options(spec, width), aligned, element));
      element.dataset.drawn = "true";
    } catch (e) {
      element.textContent = "chart failed: " + e;
      console.error("rabbittune chart " + spec.id + " failed", e);
    }
  });
  // uPlot paints in a microtask after its constructor returns: say "drawn" only after that has run
  setTimeout(function () {
    document.documentElement.dataset.chartsDrawn = String(drawn.length);
    // milliseconds from navigation start until every chart was painted (benchmarks/report-hour reads it)
    document.documentElement.dataset.drawnMs = String(Math.round(performance.now()));
  }, 0);
})();
