// self-assessment.js: the maturity self-assessment in the browser.
//
// As a team chooses a level for each dimension, this script draws their
// scores on the radar the page already holds, fills in the table beside
// it, and offers the answers as a [maturity] TOML table (to paste into a
// blueprint) and as CSV, through links to Blob URLs made on this device.
// A CSV cell that a spreadsheet would run as a formula is written as text.
// Nothing is sent to a server or stored: reloading the page clears it.
// Without JavaScript the page is a form to print and fill in by hand.
(function () {
  "use strict";

  var form = document.querySelector("[data-self-assessment]");
  var results = document.querySelector("[data-sa-results]");
  if (!form || !results || !window.Blob || !window.URL || !URL.createObjectURL) {
    return;
  }
  var svg = results.querySelector("svg[data-radar-cx]");
  var shape = svg && svg.querySelector('[data-col="self"] path');
  var cx = svg ? Number(svg.getAttribute("data-radar-cx")) : 0;
  var cy = svg ? Number(svg.getAttribute("data-radar-cy")) : 0;
  var radius = svg ? Number(svg.getAttribute("data-radar-r")) : 0;
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[id^='dimension-']"));
  var dimensions = fieldsets.map(function (fs) {
    return {
      key: fs.id.replace(/^dimension-/, ""),
      label: fs.querySelector(".sa-dimension__title").textContent.trim()
    };
  });
  var tomlLink = results.querySelector("[data-sa-toml]");
  var csvLink = results.querySelector("[data-sa-csv]");
  // The characters a spreadsheet takes, at the start of a cell, for the
  // start of a formula: the builder's one list of them, handed over by the
  // page. A cell beginning with one gets a single quote before it, so that
  // a note such as =HYPERLINK(...) opens as text. Without the list (a
  // site's own layout that leaves it out) the CSV is not offered at all.
  var formulaLeads = csvLink && csvLink.getAttribute("data-csv-formula-leads");
  if (csvLink && !formulaLeads) {
    csvLink.parentNode.hidden = true;
    csvLink = null;
  }
  var preview = results.querySelector("[data-sa-preview]");
  var urls = [];
  var svgNS = "http://www.w3.org/2000/svg";

  function answers() {
    return dimensions.map(function (d) {
      var box = form.querySelector('input[name="' + d.key + '"]:checked');
      return { key: d.key, label: d.label, score: box ? Number(box.value) : null, level: box ? box.getAttribute("data-level") : "" };
    });
  }

  function point(i, n, score) {
    var a = -Math.PI / 2 + 2 * Math.PI * i / n;
    var r = radius * score / 5;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  }

  // Join neighbouring scored dimensions, as the builder's radarScale.path
  // does: an unscored dimension breaks the shape rather than counting as 0.
  function draw(list) {
    if (!shape) {
      return;
    }
    var n = list.length;
    var d = "";
    var pen = false;
    for (var k = 0; k <= n; k++) {
      var s = list[k % n];
      if (s.score === null) {
        pen = false;
        continue;
      }
      var p = point(k % n, n, s.score);
      d += (pen ? " L" : " M") + p[0].toFixed(1) + " " + p[1].toFixed(1);
      pen = true;
    }
    shape.setAttribute("d", d.trim() || "M0 0");
    // Shade only a complete shape: a broken one has no inside.
    var complete = list.every(function (s) { return s.score !== null; });
    shape.setAttribute("fill", complete ? shape.getAttribute("stroke") : "none");
    var group = shape.parentNode;
    Array.prototype.forEach.call(group.querySelectorAll("circle"), function (c) {
      group.removeChild(c);
    });
    list.forEach(function (s, i) {
      if (s.score === null) {
        return;
      }
      var p = point(i, n, s.score);
      var dot = document.createElementNS(svgNS, "circle");
      dot.setAttribute("cx", p[0].toFixed(1));
      dot.setAttribute("cy", p[1].toFixed(1));
      dot.setAttribute("r", "5");
      dot.setAttribute("fill", shape.getAttribute("stroke"));
      group.appendChild(dot);
    });
  }

  function tomlString(s) {
    return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t") + '"';
  }

  function csvField(s) {
    s = String(s);
    if (s !== "" && formulaLeads.indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function toml(list, assessed, note) {
    var lines = ["[maturity]", "assessed = " + assessed];
    list.forEach(function (s) {
      lines.push(s.score === null ? "# " + s.key + " = not scored" : s.key + " = " + s.score);
    });
    if (note) {
      lines.push("note = " + tomlString(note));
    }
    return lines.join("\n") + "\n";
  }

  function csv(list, assessed, note) {
    var rows = [["dimension", "key", "score", "level", "assessed", "note"]];
    list.forEach(function (s) {
      rows.push([s.label, s.key, s.score === null ? "" : s.score, s.level, assessed, note]);
    });
    return rows.map(function (r) { return r.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function link(a, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    urls.push(url);
    a.href = url;
  }

  function update() {
    var list = answers();
    var scored = list.some(function (s) { return s.score !== null; });
    var assessed = form.querySelector('input[name="assessed"]').value || today();
    var note = form.querySelector('textarea[name="note"]').value.trim();
    results.hidden = false;
    results.classList.toggle("sa-results--empty", !scored);
    draw(list);
    list.forEach(function (s) {
      var cell = results.querySelector('[data-sa-score="' + s.key + '"]');
      if (cell) {
        cell.textContent = s.score === null ? "Not scored" : s.score + " of 5 (" + s.level + ")";
      }
    });
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls = [];
    var text = toml(list, assessed, note);
    preview.textContent = text;
    link(tomlLink, text, "application/toml");
    if (csvLink) {
      link(csvLink, csv(list, assessed, note), "text/csv");
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", function (e) {
    if (e.target.name === "note") {
      update();
    }
  });
  // Nothing is submitted anywhere: Enter in a field only updates the page.
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    update();
  });
  update();
})();
