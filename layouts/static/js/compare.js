// compare.js: choose the areas on the compare page without a server.
//
// The page already holds every area's column, with the charts drawn for
// all of them. On plain static hosting this script reads the choice from
// the address (?areas=a,b&diff=1, or areas=a&areas=b as the form sends
// it), hides the other areas' cells and chart parts (marked data-col),
// works out again which values differ from most of the areas shown, and
// closes the gaps in the charts. When a server has already made the page
// for the choice (data-rendered="server"), it does nothing. Without it,
// the full matrix stays. No libraries, nothing sent anywhere.
(function () {
  "use strict";

  var matrix = document.querySelector("[data-compare-matrix]");
  var form = document.querySelector("[data-compare-form]");
  if (!matrix || !form || matrix.getAttribute("data-rendered") === "server" || !window.URLSearchParams) {
    return;
  }
  var status = document.querySelector("[data-compare-status]");
  var heads = matrix.querySelectorAll("thead th[data-col]");
  var known = [];
  var names = {};
  Array.prototype.forEach.call(heads, function (th) {
    var key = th.getAttribute("data-col");
    known.push(key);
    var link = th.querySelector("a");
    names[key] = (link || th).textContent.trim();
  });

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var keys = [];
    params.getAll("areas").forEach(function (value) {
      value.split(",").forEach(function (key) {
        key = key.trim();
        if (key && keys.indexOf(key) < 0) {
          keys.push(key);
        }
      });
    });
    var diff = ["1", "on", "true", "yes"].indexOf((params.get("diff") || "").toLowerCase()) >= 0;
    return { keys: keys.slice(0, 20), diff: diff };
  }

  function readForm() {
    var keys = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[name="areas"]:checked'), function (box) {
      keys.push(box.value);
    });
    return { keys: keys, diff: form.querySelector('input[name="diff"]').checked };
  }

  function flag(cls, text) {
    var outer = document.createElement("span");
    outer.className = cls + "-flag";
    var mark = document.createElement("span");
    mark.className = cls + "-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = cls === "differs" ? "◆" : "≠";
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = text;
    if (cls === "varies") {
      outer.appendChild(document.createTextNode(" "));
    }
    outer.appendChild(mark);
    outer.appendChild(words);
    return outer;
  }

  function setFlag(el, cls, on, text) {
    var old = el.querySelector("." + cls + "-flag");
    if (old && !on) {
      old.parentNode.removeChild(old);
    } else if (!old && on) {
      if (cls === "differs") {
        el.insertBefore(flag(cls, text), el.firstChild);
      } else {
        el.appendChild(flag(cls, text));
      }
    }
  }

  // Mark each cell whose value is less common than the most common one,
  // when at least two areas share that: the same rule as the builder's
  // markDifferences.
  function markRow(row, shown) {
    var cells = Array.prototype.filter.call(row.querySelectorAll("td[data-col]"), function (td) {
      return shown[td.getAttribute("data-col")];
    });
    var count = {};
    var distinct = 0;
    var top = 0;
    cells.forEach(function (td) {
      var v = "=" + td.getAttribute("data-v");
      if (!count[v]) {
        count[v] = 0;
        distinct++;
      }
      count[v]++;
      top = Math.max(top, count[v]);
    });
    cells.forEach(function (td) {
      var differs = top >= 2 && count["=" + td.getAttribute("data-v")] < top;
      td.classList.toggle("differs", differs);
      setFlag(td, "differs", differs, "Differs from most areas: ");
    });
    var varies = distinct > 1;
    row.classList.toggle("is-varied", varies);
    setFlag(row.querySelector("th"), "varies", varies, "(areas differ)");
    return varies;
  }

  // Close the gaps left by hidden areas in a chart whose parts are
  // stacked along one axis.
  function restack(svg) {
    var axis = svg.getAttribute("data-stack");
    var origin = Number(svg.getAttribute("data-stack-origin"));
    var step = Number(svg.getAttribute("data-stack-step"));
    var end = Number(svg.getAttribute("data-stack-end"));
    var n = 0;
    Array.prototype.forEach.call(svg.querySelectorAll("[data-slot]"), function (g) {
      if (g.classList.contains("compare-hidden")) {
        return;
      }
      var at = origin + n * step;
      g.setAttribute("transform", axis === "x" ? "translate(" + at + " 0)" : "translate(0 " + at + ")");
      n++;
    });
    var box = svg.viewBox.baseVal;
    var size = origin + n * step + end;
    if (axis === "x") {
      svg.setAttribute("viewBox", "0 0 " + size + " " + box.height);
      svg.setAttribute("width", size);
    } else {
      // A y-stack may sit below a fixed part (the radar's legend).
      svg.setAttribute("viewBox", "0 0 " + box.width + " " + size);
      svg.setAttribute("height", size);
    }
  }

  function apply(choice) {
    var unknown = choice.keys.filter(function (k) { return known.indexOf(k) < 0; });
    var chosen = choice.keys.filter(function (k) { return known.indexOf(k) >= 0; });
    var shown = {};
    (chosen.length ? chosen : known).forEach(function (k) { shown[k] = true; });
    var count = chosen.length || known.length;

    Array.prototype.forEach.call(form.querySelectorAll('input[name="areas"]'), function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
    });
    form.querySelector('input[name="diff"]').checked = choice.diff;

    Array.prototype.forEach.call(document.querySelectorAll("[data-col]"), function (el) {
      el.classList.toggle("compare-hidden", !shown[el.getAttribute("data-col")]);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("tr[data-row]"), function (row) {
      var varies = row.hasAttribute("data-compared") && markRow(row, shown);
      row.classList.toggle("compare-hidden", choice.diff && !varies);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("tbody[data-group]"), function (group) {
      var any = group.querySelector("tr[data-row]:not(.compare-hidden)");
      group.classList.toggle("compare-hidden", !any);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("th[colspan]"), function (th) {
      th.setAttribute("colspan", count + 1);
    });
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-stack]"), restack);

    var caption = matrix.querySelector("caption");
    if (caption) {
      caption.textContent = "Blueprints of the areas" + (choice.diff ? ": only the differences" : "");
    }
    if (status) {
      var text = "Showing " + count + (count === 1 ? " area" : " areas") + (choice.diff ? ", only where they differ" : "") + ".";
      if (unknown.length) {
        text += " This site has no area " + unknown.map(function (k) { return "“" + k + "”"; }).join(" or ") + " to compare, so it was left out.";
      }
      if (chosen.length === 1) {
        text += " Choose at least one more area to see differences.";
      }
      status.textContent = text;
    }
  }

  function addressFor(choice) {
    var query = [];
    if (choice.keys.length) {
      query.push("areas=" + choice.keys.map(encodeURIComponent).join(","));
    }
    if (choice.diff) {
      query.push("diff=1");
    }
    return window.location.pathname + (query.length ? "?" + query.join("&") : "") + window.location.hash;
  }

  form.addEventListener("change", function () {
    var choice = readForm();
    apply(choice);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", addressFor(choice));
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = readForm();
    apply(choice);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", addressFor(choice));
    }
    matrix.closest(".compare-scroll").focus();
  });

  var first = readAddress();
  if (first.keys.length || first.diff) {
    apply(first);
  }
})();
