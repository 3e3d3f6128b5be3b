// In-page explorers: plots that recompute as the reader moves a slider.
//
// A page opts in with a block like
//   <div class="explorer" data-explorer="vanishing"> static figure ... <a class="explorer-data" href="…json"> </div>
// The script loads the JSON a snippet wrote at build time (the model's numbers), builds labelled
// controls, a log-scale SVG plot and a table of the plotted numbers, and hides the static figure,
// once the block comes near the screen.
// Without JavaScript, or if the data cannot be loaded, the static figure stays.
// The numbers must agree with the snippet that wrote the JSON; tests/test_explorers.py checks it.
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var counter = 0;

  // ------------------------------------------------------------------ numerics

  function matVec(M, v) {
    return M.map(function (row) {
      var s = 0;
      for (var j = 0; j < v.length; j++) s += row[j] * v[j];
      return s;
    });
  }

  function matMul(P, Q) {
    var n = P.length, m = Q[0].length, inner = Q.length, R = [];
    for (var i = 0; i < n; i++) {
      var row = new Float64Array(m), Pi = P[i];
      for (var l = 0; l < inner; l++) {
        var a = Pi[l], Ql = Q[l];
        if (a === 0) continue;
        for (var j = 0; j < m; j++) row[j] += a * Ql[j];
      }
      R.push(row);
    }
    return R;
  }

  // Largest eigenvalue of a symmetric matrix S: Householder reflections make it tridiagonal
  // (same eigenvalues), then bisection with Sturm counts pins the largest one down.
  function largestEigenvalue(S) {
    var n = S.length, a = S.map(function (row) { return Float64Array.from(row); });
    var v = new Float64Array(n), p = new Float64Array(n), q = new Float64Array(n);
    for (var k = 0; k < n - 2; k++) {
      var norm = 0;
      for (var i = k + 1; i < n; i++) norm += a[i][k] * a[i][k];
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      var alpha = a[k + 1][k] > 0 ? -norm : norm, vnorm = 0;
      for (i = k + 1; i < n; i++) v[i] = a[i][k];
      v[k + 1] -= alpha;
      for (i = k + 1; i < n; i++) vnorm += v[i] * v[i];
      vnorm = Math.sqrt(vnorm);
      if (vnorm === 0) continue;
      for (i = k + 1; i < n; i++) v[i] /= vnorm;
      var K = 0;                                   // H a H with H = I - 2 v vᵀ on rows/columns k+1..n-1
      for (i = k + 1; i < n; i++) {
        var sum = 0;
        for (var j = k + 1; j < n; j++) sum += a[i][j] * v[j];
        p[i] = sum;
        K += v[i] * sum;
      }
      for (i = k + 1; i < n; i++) q[i] = p[i] - K * v[i];
      for (i = k + 1; i < n; i++) {
        for (j = k + 1; j < n; j++) a[i][j] -= 2 * (v[i] * q[j] + q[i] * v[j]);
      }
      a[k + 1][k] = a[k][k + 1] = alpha;
      for (i = k + 2; i < n; i++) a[i][k] = a[k][i] = 0;
    }
    var d = [], e = [], lo = Infinity, hi = -Infinity;
    for (i = 0; i < n; i++) {
      d.push(a[i][i]);
      if (i < n - 1) e.push(a[i + 1][i]);
      var radius = (i > 0 ? Math.abs(a[i][i - 1]) : 0) + (i < n - 1 ? Math.abs(a[i + 1][i]) : 0);
      lo = Math.min(lo, a[i][i] - radius);         // Gershgorin: every eigenvalue lies in [lo, hi]
      hi = Math.max(hi, a[i][i] + radius);
    }
    function countBelow(x) {                      // how many eigenvalues are below x (Sturm sequence)
      var count = 0, r = d[0] - x;
      if (r < 0) count++;
      for (var i = 1; i < n; i++) {
        r = d[i] - x - e[i - 1] * e[i - 1] / (r === 0 ? 1e-300 : r);
        if (r < 0) count++;
      }
      return count;
    }
    for (var step = 0; step < 200 && hi - lo > 1e-16 * Math.max(Math.abs(lo), Math.abs(hi)); step++) {
      var mid = (lo + hi) / 2;
      if (countBelow(mid) === n) hi = mid; else lo = mid;
    }
    return (lo + hi) / 2;
  }

  // Spectral norm (largest singular value): sqrt of the largest eigenvalue of MᵀM, scaled first
  // so that products far below 1e-150 or above 1e150 do not under- or overflow when squared.
  function spectralNorm(M) {
    var scale = 0, n = M[0].length, gram = [], i, j;
    M.forEach(function (row) { for (var j = 0; j < n; j++) scale = Math.max(scale, Math.abs(row[j])); });
    if (scale === 0) return 0;
    for (i = 0; i < n; i++) gram.push(new Float64Array(n));
    var scaled = new Float64Array(n);
    M.forEach(function (row) {                    // MᵀM = Σ over rows r of rᵀr (upper triangle)
      for (var j = 0; j < n; j++) scaled[j] = row[j] / scale;
      for (var i = 0; i < n; i++) {
        var ri = scaled[i], g = gram[i];
        if (ri === 0) continue;
        for (var j2 = i; j2 < n; j2++) g[j2] += ri * scaled[j2];
      }
    });
    for (i = 0; i < n; i++) for (j = 0; j < i; j++) gram[i][j] = gram[j][i];
    return scale * Math.sqrt(Math.max(largestEigenvalue(gram), 0));
  }

  var ACTIVATIONS = {
    linear: { f: function (z) { return z; }, df: function () { return 1; } },
    tanh: { f: Math.tanh, df: function (z) { var t = Math.tanh(z); return 1 - t * t; } },
    sigmoid: {
      f: function (z) { return 1 / (1 + Math.exp(-z)); },
      df: function (z) { var s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }
    }
  };

  // ‖∂h(T)/∂h(T−k)‖ for k = 1..T: the same steps as jacobian_norms() in snippets/vanishing_explorer.py.
  function jacobianNorms(model, activation, rho, steps) {
    var act = ACTIVATIONS[activation], n = model.A.length;
    var Wh = model.A.map(function (row) { return row.map(function (a) { return rho * a; }); });
    var h = new Array(n).fill(0), oneStep = [];
    for (var t = 1; t <= steps; t++) {
      var drive = matVec(model.W_x, model.xs[t]), recur = matVec(Wh, h);
      var z = recur.map(function (r, i) { return r + drive[i]; });
      h = z.map(act.f);
      oneStep.push(Wh.map(function (row, i) { var g = act.df(z[i]); return row.map(function (w) { return g * w; }); }));
    }
    var norms = [], product = null;
    for (var k = 1; k <= steps; k++) {
      var factor = oneStep[steps - k];
      product = product ? matMul(product, factor) : factor.map(function (r) { return Float64Array.from(r); });
      norms.push(spectralNorm(product));
    }
    return norms;
  }

  // What is left of a value after k steps, k = 0..K: the LSTM cell with constant gates keeps
  // i·f^k; the one-unit tanh RNN keeps ∂h(k)/∂h(0) = Π w_h tanh'(z(t)) (snippets/lstm_memory.py).
  function lstmRemaining(forget, input, steps) {
    var out = [], c = input;
    for (var k = 0; k <= steps; k++) { out.push(c); c *= forget; }
    return out;
  }

  function rnnRemaining(inputs, wh, steps) {
    var out = [1], h = 0, grad = 1;
    for (var k = 1; k <= steps; k++) {
      h = Math.tanh(wh * h + inputs[k]);
      grad *= wh * (1 - h * h);
      out.push(Math.abs(grad));
    }
    return out;
  }

  // ------------------------------------------------------------------ formatting

  function sci(x) {
    if (x === 0) return "0";
    if (x >= 0.01 && x < 1000) return x.toPrecision(3);
    var e = Math.floor(Math.log10(x)), m = x / Math.pow(10, e);
    if (m >= 9.995) { m /= 10; e += 1; }
    return m.toFixed(2) + "\u00d710" + superscript(e);
  }

  function superscript(e) {
    var digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
    return String(e).split("").map(function (ch) { return ch === "-" ? "\u207b" : digits[+ch]; }).join("");
  }

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs, children) {
    var node = tag.indexOf("svg:") === 0 ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function uid(name) { counter += 1; return "explorer-" + name + "-" + counter; }

  // Call fn at most once per animation frame, however many input events arrive.
  function perFrame(fn) {
    var pending = false;
    return function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; fn(); });
    };
  }

  // A labelled range input with its value shown beside the label and read out by screen readers.
  function slider(spec, onChange) {
    var id = uid(spec.name), shown = el("output", { for: id, "aria-hidden": "true" });
    var input = el("input", { type: "range", id: id, name: spec.name, min: spec.min, max: spec.max, step: spec.step,
                              value: spec.value });
    var wrap = el("div", { class: "explorer__control" }, [
      el("label", { for: id }, [document.createTextNode(spec.label + " "), shown]), input
    ]);
    function update() {
      var v = +input.value;
      shown.textContent = spec.format(v);
      input.setAttribute("aria-valuetext", spec.format(v));
    }
    input.addEventListener("input", function () { update(); onChange(); });
    update();
    return { node: wrap, value: function () { return +input.value; } };
  }

  function radios(spec, onChange) {
    var legend = el("legend", { text: spec.label }), fieldset = el("fieldset", { class: "explorer__control" }, [legend]);
    var name = uid(spec.name);
    spec.options.forEach(function (option) {
      var input = el("input", { type: "radio", name: name, value: option, id: name + "-" + option });
      if (option === spec.value) input.checked = true;
      input.addEventListener("change", onChange);
      fieldset.appendChild(el("label", { for: input.id }, [input, document.createTextNode(" " + option)]));
    });
    return { node: fieldset, value: function () { return fieldset.querySelector("input:checked").value; } };
  }

  // ------------------------------------------------------------------ the plot

  var M = { left: 64, right: 16, top: 12, bottom: 44 };

  // series: [{values: [y at x = x0, x0 + 1, ...], x0, className}], all drawn on a log-10 y axis.
  // The drawing is as many units wide as the plot is pixels wide, so its text keeps one size.
  function drawPlot(svg, spec) {
    var W = Math.round(Math.min(760, Math.max(300, svg.getBoundingClientRect().width || 640)));
    var H = Math.round(Math.min(300, Math.max(220, W * 0.47)));
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var lo = spec.yDecades[0], hi = spec.yDecades[1], xMax = spec.xMax, xMin = spec.xMin;
    function x(v) { return M.left + (v - xMin) / (xMax - xMin) * (W - M.left - M.right); }
    function y(v) { return M.top + (hi - Math.log10(v)) / (hi - lo) * (H - M.top - M.bottom); }
    var clipId = svg.dataset.clip || (svg.dataset.clip = uid("clip"));
    svg.appendChild(el("svg:clipPath", { id: clipId }, [
      el("svg:rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom })
    ]));
    var grid = el("svg:g", { class: "explorer__grid" });
    var every = niceStep(hi - lo, H < 260 ? 5 : 8);
    for (var e = Math.ceil(lo); e <= hi; e++) {
      if (e % every) continue;
      grid.appendChild(el("svg:line", { x1: M.left, x2: W - M.right, y1: y(Math.pow(10, e)), y2: y(Math.pow(10, e)) }));
      grid.appendChild(el("svg:text", { x: M.left - 6, y: y(Math.pow(10, e)) + 4, "text-anchor": "end",
                                        text: e === 0 ? "1" : "10" + superscript(e) }));
    }
    niceTicks(xMin, xMax, W < 500 ? 5 : 10).forEach(function (t) {
      grid.appendChild(el("svg:line", { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom }));
      grid.appendChild(el("svg:text", { x: x(t), y: H - M.bottom + 18, "text-anchor": "middle", text: String(t) }));
    });
    grid.appendChild(el("svg:text", { x: (M.left + W - M.right) / 2, y: H - 6, "text-anchor": "middle",
                                      class: "explorer__axis-label", text: spec.xLabel }));
    svg.appendChild(grid);
    var lines = el("svg:g", { "clip-path": "url(#" + clipId + ")" });
    spec.series.forEach(function (s) {
      var d = "", pen = "M";
      s.values.forEach(function (v, i) {
        if (!(v > 0) || !isFinite(v)) { pen = "M"; return; }
        d += pen + x(s.x0 + i).toFixed(2) + "," + y(Math.max(v, Math.pow(10, lo - 1))).toFixed(2);
        pen = "L";
      });
      lines.appendChild(el("svg:path", { d: d, class: "explorer__line " + s.className }));
    });
    svg.appendChild(lines);
    svg.appendChild(el("svg:rect", { class: "explorer__frame", x: M.left, y: M.top,
                                     width: W - M.left - M.right, height: H - M.top - M.bottom }));
  }

  function niceStep(span, most) {
    return [1, 2, 5, 10, 20, 25, 50, 100].find(function (s) { return span / s <= most; }) || 200;
  }

  function niceTicks(lo, hi, most) {
    var step = niceStep(hi - lo, most), ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
    return ticks;
  }

  function decadesOf(values, extra) {
    var logs = values.filter(function (v) { return v > 0 && isFinite(v); }).map(Math.log10).concat(extra);
    var lo = Math.floor(Math.min.apply(null, logs)), hi = Math.ceil(Math.max.apply(null, logs));
    return [lo, hi > lo ? hi : lo + 1];
  }

  // A table of the plotted numbers: what a screen reader reads instead of the lines, and what the
  // tests compare with the snippet's reference values (data-value holds the unrounded number).
  function fillTable(table, header, rows) {
    while (table.firstChild) table.removeChild(table.firstChild);
    table.appendChild(el("thead", {}, [el("tr", {}, header.map(function (h) { return el("th", { scope: "col", text: h }); }))]));
    table.appendChild(el("tbody", {}, rows.map(function (row) {
      return el("tr", {}, row.map(function (cell, j) {
        return j === 0 ? el("th", { scope: "row", text: String(cell) })
                       : el("td", { "data-value": String(cell), text: sci(cell) });
      }));
    })));
  }

  function legendItem(className, text) {
    return el("li", {}, [el("span", { class: "explorer__swatch " + className, "aria-hidden": "true" }), document.createTextNode(text)]);
  }

  // The frame every explorer shares: controls, plot, legend, a live summary and the numbers.
  function frame(container, spec) {
    var title = uid("title"), summary = el("p", { class: "explorer__summary", id: uid("summary"), "aria-live": "polite" });
    var svg = el("svg:svg", { viewBox: "0 0 640 300", class: "explorer__plot", role: "img", "aria-labelledby": title + " " + summary.id });
    var table = el("table", {}), caption = el("summary", { text: "The numbers behind the plot" });
    var ui = el("div", { class: "explorer__ui", role: "group", "aria-labelledby": title }, [
      el("p", { class: "explorer__title", id: title, text: spec.title }),
      el("div", { class: "explorer__controls" }, spec.controls.map(function (c) { return c.node; })),
      svg,
      el("ul", { class: "explorer__legend" }, spec.legend.map(function (l) { return legendItem(l[0], l[1]); })),
      summary,
      el("details", { class: "explorer__numbers" }, [caption, el("div", { class: "explorer__table", tabindex: "0", role: "region", "aria-label": "The numbers behind the plot" }, [table])])
    ]);
    container.appendChild(ui);
    container.classList.add("explorer--live");
    return { svg: svg, table: table, summary: summary };
  }

  // ------------------------------------------------------------------ the explorers

  function vanishingExplorer(container, model) {
    var controls = {}, ui, update = perFrame(redraw), computed = { settings: null, norms: null };
    function redraw() {
      var activation = controls.activation.value(), rho = controls.radius.value(), steps = controls.steps.value();
      var gamma = model.gamma[activation], normW = rho * model.norm_A, settings = [activation, rho, steps].join();
      if (computed.settings !== settings) {      // a resize redraws the plot without recomputing it
        computed = { settings: settings, norms: jacobianNorms(model, activation, rho, steps) };
      }
      var norms = computed.norms;
      var bound = norms.map(function (_, i) { return Math.pow(gamma * normW, i + 1); });
      drawPlot(ui.svg, {
        xMin: 0, xMax: steps, xLabel: "distance k (steps back from T)", yDecades: decadesOf(norms, [0]),
        series: [{ values: bound, x0: 1, className: "explorer__line--bound" },
                 { values: norms.map(function () { return 1; }), x0: 1, className: "explorer__line--one" },
                 { values: norms, x0: 1, className: "explorer__line--main" }]
      });
      fillTable(ui.table, ["k", "‖∂h(T)/∂h(T−k)‖", "bound (γ‖W_h‖)^k"],
                norms.map(function (v, i) { return [i + 1, v, bound[i]]; }));
      var last = norms[steps - 1];
      var verdict = activation === "linear"
        ? ": with no activation the eigenvalues decide, and in the long run the norm changes by ρ(W_h) per step. "
        : ", ‖W_h‖ = " + normW.toFixed(2) + ", γ‖W_h‖ = " + (gamma * normW).toFixed(2) +
          (gamma * normW < 1 ? ": below 1, so the bound guarantees vanishing. " : ": 1 or more, so the bound guarantees nothing. ");
      ui.summary.textContent = activation + " RNN, ρ(W_h) = " + rho.toFixed(2) +
        (rho < 1 / gamma ? " (below" : rho > 1 / gamma ? " (above" : " (at") + " 1/γ = " + (1 / gamma) + ")" + verdict +
        "Over k = " + steps + " steps the gradient's norm " + (last < 1 ? "shrinks" : "grows") + " to " + sci(last) + ".";
      var beyond = [];
      thresholds.forEach(function (t) {
        var at = t.radius(gamma);
        t.node.hidden = at < 0.5 || at > 1.5;
        t.node.style.setProperty("--at", String((Math.min(Math.max(at, 0.5), 1.5) - 0.5) / (1.5 - 0.5)));
        if (t.node.hidden) beyond.push(t.text + " (ρ = " + at.toFixed(2) + ")");
      });
      note.textContent = beyond.length ? "γ = " + gamma + ": " + beyond.join(" and ") + " beyond this slider." : "";
    }
    controls.radius = slider({ name: "radius", label: "Spectral radius ρ(W_h):", min: 0.5, max: 1.5, step: 0.05, value: 0.9,
                               format: function (v) { return v.toFixed(2); } }, update);
    controls.activation = radios({ name: "activation", label: "Activation σ", options: ["linear", "tanh", "sigmoid"], value: "tanh" }, update);
    controls.steps = slider({ name: "steps", label: "Steps T:", min: 10, max: model.max_steps, step: 10, value: 50,
                              format: function (v) { return String(v); } }, update);
    // Marks on the radius slider: where ρ(W_h) = 1/γ (the linear RNN's edge) and where
    // ‖W_h‖ = ρ‖A‖ = 1/γ (below it the bound guarantees vanishing).
    var thresholds = [
      { text: "ρ = 1/γ", radius: function (gamma) { return 1 / gamma; } },
      { text: "‖W_h‖ = 1/γ", radius: function (gamma) { return 1 / (gamma * model.norm_A); } }
    ];
    thresholds.forEach(function (t) { t.node = el("span", { class: "explorer__marker", text: t.text }); });
    var note = el("p", { class: "explorer__note" });
    controls.radius.node.appendChild(el("div", { class: "explorer__ticks", "aria-hidden": "true" },
                                        thresholds.map(function (t) { return t.node; })));
    controls.radius.node.appendChild(note);
    ui = frame(container, {
      title: "Explorer: ‖∂h(T)/∂h(T−k)‖ against k, recomputed in your browser",
      controls: [controls.radius, controls.activation, controls.steps],
      legend: [["explorer__line--main", "measured ‖∂h(T)/∂h(T−k)‖"], ["explorer__line--bound", "bound (γ‖W_h‖)^k"],
               ["explorer__line--one", "norm 1: neither grows nor shrinks"]]
    });
    redraw();
    window.addEventListener("resize", update);
  }

  function lstmMemoryExplorer(container, model) {
    var controls = {}, ui, steps = model.steps, update = perFrame(redraw);
    function redraw() {
      var f = controls.forget.value(), i = controls.input.value(), wh = controls.wh.value();
      var lstm = lstmRemaining(f, i, steps), rnn = rnnRemaining(model.inputs, wh, steps);
      drawPlot(ui.svg, {
        xMin: 0, xMax: steps, xLabel: "steps k after the write", yDecades: [-8, 0.3],
        series: [{ values: rnn, x0: 0, className: "explorer__line--rnn" },
                 { values: lstm, x0: 0, className: "explorer__line--main" }]
      });
      fillTable(ui.table, ["k", "LSTM cell: i·f^k", "vanilla RNN: |∂h(k)/∂h(0)|"],
                lstm.map(function (v, k) { return [k, v, rnn[k]]; }));
      var halfLife = f > 0 && f < 1 ? Math.log(0.5) / Math.log(f) : null;
      ui.summary.textContent = "LSTM with f = " + f.toFixed(2) + " and i = " + i.toFixed(2) + ": after 10 steps the cell holds " +
        sci(lstm[10]) + " of the value, after " + steps + " steps " + sci(lstm[steps]) +
        (halfLife ? " (it halves every " + halfLife.toFixed(1) + " steps)" : f === 1 ? " (f = 1: nothing fades)" : "") +
        ". Vanilla RNN with w_h = " + wh.toFixed(1) + ": " + sci(rnn[10]) + " after 10 steps, " + sci(rnn[steps]) + " after " + steps + ".";
    }
    var two = function (v) { return v.toFixed(2); };
    controls.forget = slider({ name: "forget", label: "Forget gate f:", min: 0, max: 1, step: 0.01, value: 0.9, format: two }, update);
    controls.input = slider({ name: "input", label: "Input gate i:", min: 0, max: 1, step: 0.05, value: 1, format: two }, update);
    controls.wh = slider({ name: "wh", label: "RNN weight w_h:", min: 0.5, max: 3, step: 0.1, value: model.w_h,
                          format: function (v) { return v.toFixed(1); } }, update);
    ui = frame(container, {
      title: "Explorer: the fraction of a value written at step 0 left after k steps",
      controls: [controls.forget, controls.input, controls.wh],
      legend: [["explorer__line--main", "LSTM cell, constant gates: i·f^k"], ["explorer__line--rnn", "vanilla RNN: |∂h(k)/∂h(0)|"]]
    });
    redraw();
    window.addEventListener("resize", update);
  }

  var EXPLORERS = { vanishing: vanishingExplorer, "lstm-memory": lstmMemoryExplorer };

  function start(container) {
    var build = EXPLORERS[container.dataset.explorer], link = container.querySelector("a.explorer-data");
    if (!build || !link) return;
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(link.href + ": HTTP " + response.status);
      return response.json();
    }).then(function (model) { build(container, model); })
      .catch(function (err) { console.warn("explorer kept its static figure:", err); });
  }

  window.fancyRnnExplorers = {  // for the tests and for readers curious in the console
    jacobianNorms: jacobianNorms, spectralNorm: spectralNorm, lstmRemaining: lstmRemaining, rnnRemaining: rnnRemaining
  };
  // Load the data and compute only when an explorer comes near the screen: a reader who never
  // scrolls that far downloads and computes nothing.
  var explorers = document.querySelectorAll(".explorer[data-explorer]");
  if (!("IntersectionObserver" in window)) {
    explorers.forEach(start);
  } else {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        start(entry.target);
      });
    }, { rootMargin: "400px 0px" });
    explorers.forEach(function (container) { observer.observe(container); });
  }
})();
