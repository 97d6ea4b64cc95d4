// compare.js: choose the areas on the compare page without a server.
//
// The page already holds every area's column, with the charts drawn for
// all of them. On plain static hosting this script reads the choice from
// the address (?areas=a,b&diff=1, or areas=a&areas=b as the form sends
// it), hides the other areas' cells and chart parts (marked data-col),
// works out again which values differ from most of the areas shown, and
// closes the gaps in the charts. It follows the server's rules (Go's
// compare.ParseQuery and compare.New): at most as many areas as the
// form's data-max-areas, written by the layout from compare.MaxAreas; no
// name longer than data-max-area-name bytes of UTF-8 (compare.MaxAreaName),
// which takes none of those places; a row no area shown fills is left
// out; and a choice of only areas this site does not have shows none, not
// every one. When a server has already made the page for the choice
// (data-rendered="server"), it does nothing. Without it, the full matrix
// stays. No libraries, nothing sent anywhere.
(function () {
  "use strict";

  var matrix = document.querySelector("[data-compare-matrix]");
  var form = document.querySelector("[data-compare-form]");
  if (!matrix || !form || matrix.getAttribute("data-rendered") === "server" || !window.URLSearchParams) {
    return;
  }
  var status = document.querySelector("[data-compare-status]");
  // A site's own compare layout may not carry the limit: then there is
  // none, as every column is in the page already.
  var maxAreas = parseInt(form.getAttribute("data-max-areas"), 10);
  if (!(maxAreas > 0)) {
    maxAreas = Infinity;
  }
  var maxName = parseInt(form.getAttribute("data-max-area-name"), 10);
  if (!(maxName > 0)) {
    maxName = Infinity;
  }
  var utf8 = window.TextEncoder ? new TextEncoder() : null;
  // nameBytes is a name's length as the server counts it: bytes of UTF-8.
  function nameBytes(key) {
    return utf8 ? utf8.encode(key).length : unescape(encodeURIComponent(key)).length;
  }
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
        keys.push(key.trim());
      });
    });
    var diff = ["1", "on", "true", "yes"].indexOf((params.get("diff") || "").toLowerCase()) >= 0;
    return withDays(choose(keys, diff), params.get("asat"), params.get("since"));
  }

  // withDays adds the days of a comparison over time to choice, as the
  // server's compare.ParseQuery reads them: a value that is not a real
  // date, as 2025-06-01, is left out with a notice.
  function withDays(choice, asat, since) {
    choice.bad = [];
    [["asat", asat, "as at"], ["since", since, "changes since"]].forEach(function (d) {
      var v = (d[1] || "").trim();
      choice[d[0]] = "";
      if (!v) {
        return;
      }
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      var t = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (!t || t.getUTCFullYear() !== +m[1] || t.getUTCMonth() !== +m[2] - 1 || t.getUTCDate() !== +m[3]) {
        var shown = v.length > 20 ? v.slice(0, 20) + "…" : v;
        choice.bad.push("“" + shown + "” is not a date, so the comparison is not " + d[2] + " it: give a date as 2025-06-01.");
        return;
      }
      choice[d[0]] = v;
    });
    return choice;
  }

  function readForm() {
    var keys = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[name="areas"]:checked'), function (box) {
      keys.push(box.value);
    });
    var day = function (name) {
      var input = form.querySelector('input[name="' + name + '"]');
      return input ? input.value : "";
    };
    return withDays(choose(keys, form.querySelector('input[name="diff"]').checked), day("asat"), day("since"));
  }

  // choose keeps the first maxAreas distinct keys that are not too long,
  // and says whether it left any out.
  function choose(asked, diff) {
    var keys = [];
    var cut = false;
    var long = false;
    asked.forEach(function (key) {
      if (!key || keys.indexOf(key) >= 0) {
        return;
      }
      if (nameBytes(key) > maxName) {
        long = true;
        return;
      }
      if (keys.length === maxAreas) {
        cut = true;
        return;
      }
      keys.push(key);
    });
    return { keys: keys, diff: diff, cut: cut, long: long };
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
      // The rows start below the chart's head, at the origin.
      svg.setAttribute("viewBox", "0 0 " + box.width + " " + size);
      svg.setAttribute("height", size);
    }
  }

  // human says a day as the page does, such as 1 March 2025.
  function human(day) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  }

  // valueOn returns a cell's history's value on day: [date, words,
  // match], or null before the history starts.
  function valueOn(history, day) {
    var at = null;
    history.forEach(function (h) {
      if (h[0] <= day) {
        at = h;
      }
    });
    return at;
  }

  var areaNames = names;
  var originals = [];

  // overTime shows each cell that carries its history as at choice.asat
  // (today's without it), marks those that changed since choice.since
  // with what they were, as the server's compare.New does, and returns
  // the areas that had no model on choice.asat. The page's own cells
  // come back when neither is asked.
  function overTime(choice) {
    var missing = [];
    var over = choice.asat || choice.since;
    Array.prototype.forEach.call(matrix.querySelectorAll("td[data-history]"), function (td, i) {
      if (!originals[i]) {
        originals[i] = { html: td.innerHTML, v: td.getAttribute("data-v"), cls: td.className };
      }
      td.innerHTML = originals[i].html;
      td.setAttribute("data-v", originals[i].v);
      td.className = originals[i].cls;
      td.classList.remove("changed");
      if (!over) {
        return;
      }
      var history = JSON.parse(td.getAttribute("data-history"));
      var now = history[history.length - 1];
      if (choice.asat) {
        now = valueOn(history, choice.asat);
        if (!now) {
          var key = td.getAttribute("data-col");
          if (missing.indexOf(key) < 0) {
            missing.push(key);
          }
          return;
        }
        var value = document.createElement("span");
        value.className = now[1] === "Not given" && !now[2] ? "compare-none" : "compare-value";
        value.textContent = now[1];
        td.textContent = "";
        td.appendChild(value);
        td.setAttribute("data-v", now[2]);
      }
      var then = choice.since && valueOn(history, choice.since);
      if (then && then[2] !== now[2]) {
        td.classList.add("changed");
        var was = document.createElement("p");
        was.className = "compare-was";
        var mark = document.createElement("span");
        mark.className = "changed-mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "↻";
        was.appendChild(mark);
        was.appendChild(document.createTextNode(" Changed since " + human(choice.since) + ": was " + then[1]));
        td.appendChild(was);
      }
    });
    var note = document.querySelector("[data-compare-over]");
    if (note) {
      note.hidden = !over;
      note.textContent = "";
      if (choice.asat) {
        note.appendChild(document.createTextNode("The models as they stood on "));
        var strong = document.createElement("strong");
        strong.textContent = human(choice.asat);
        note.appendChild(strong);
        note.appendChild(document.createTextNode(": the set answers, the team and the maturity scores the history keeps."));
      }
      if (choice.since) {
        note.appendChild(document.createTextNode(" ↻ marks a value that changed since "));
        var since = document.createElement("strong");
        since.textContent = human(choice.since);
        note.appendChild(since);
        note.appendChild(document.createTextNode(", with what it was then."));
      }
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-compare-charts]"), function (el) {
      el.hidden = !!over;
    });
    return missing;
  }

  function apply(choice) {
    var unknown = choice.keys.filter(function (k) { return known.indexOf(k) < 0; });
    var chosen = choice.keys.filter(function (k) { return known.indexOf(k) >= 0; });
    // As on the server: asking for nothing shows every area, asking only
    // for areas that are not here shows none.
    var asked = choice.keys.length > 0 || choice.cut;
    var columns = chosen.length || asked ? chosen : known;
    var missing = overTime(choice);
    columns = columns.filter(function (k) { return missing.indexOf(k) < 0; });
    var shown = {};
    columns.forEach(function (k) { shown[k] = true; });
    var count = columns.length;

    Array.prototype.forEach.call(form.querySelectorAll('input[name="areas"]'), function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
    });
    form.querySelector('input[name="diff"]').checked = choice.diff;
    ["asat", "since"].forEach(function (name) {
      var input = form.querySelector('input[name="' + name + '"]');
      if (input) {
        input.value = choice[name];
      }
    });

    Array.prototype.forEach.call(document.querySelectorAll("[data-col]"), function (el) {
      el.classList.toggle("compare-hidden", !shown[el.getAttribute("data-col")]);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("tr[data-row]"), function (row) {
      var varies = row.hasAttribute("data-compared") && markRow(row, shown);
      // As the server does, a row no area shown fills is left out.
      var filled = count === 0 || Array.prototype.some.call(row.querySelectorAll("td[data-col]"), function (td) {
        return shown[td.getAttribute("data-col")] && !td.querySelector(".compare-none");
      });
      // Over time, as on the server, only the rows a history keeps.
      var kept = !(choice.asat || choice.since) || row.querySelector("td[data-history]");
      row.classList.toggle("compare-hidden", !filled || (choice.diff && !varies) || !kept);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("tbody[data-group]"), function (group) {
      var any = group.querySelector("tr[data-row]:not(.compare-hidden)");
      group.classList.toggle("compare-hidden", !any);
    });
    Array.prototype.forEach.call(matrix.querySelectorAll("th[colspan]"), function (th) {
      th.setAttribute("colspan", count + 1);
    });
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-stack]"), restack);
    Array.prototype.forEach.call(document.querySelectorAll("[data-compare-some]"), function (el) {
      el.classList.toggle("compare-hidden", count === 0);
    });

    var caption = matrix.querySelector("caption");
    if (caption) {
      caption.textContent = "Blueprints of the areas" + (choice.diff ? ": only the differences" : "");
    }
    if (status) {
      // The server's notices, in its words and order.
      var text = count ? "Showing " + count + (count === 1 ? " area" : " areas") + (choice.diff ? ", only where they differ" : "") + "."
        : "No area is shown: choose two or more in the form above.";
      choice.bad.forEach(function (notice) {
        text += " " + notice;
      });
      if (missing.length) {
        var names = missing.slice(0, 5).map(function (k) { return areaNames[k]; });
        var lastName = names.pop();
        text += " " + (names.length ? names.join(", ") + " and " : "") + lastName + " had no model recorded on " + human(choice.asat) + ", so " + (missing.length === 1 ? "it is" : "they are") + " left out.";
      }
      if (choice.long) {
        text += " An area name was too long to be one of this site's areas and was left out.";
      }
      if (choice.cut) {
        text += " At most " + maxAreas + " areas can be compared at once: the first " + maxAreas + " you chose are shown.";
      }
      if (unknown.length) {
        var quoted = unknown.slice(0, 5).map(function (k) { return "“" + k + "”"; });
        if (unknown.length > quoted.length) {
          quoted.push(unknown.length - quoted.length + " others");
        }
        var last = quoted.pop();
        text += " This site has no area " + (quoted.length ? quoted.join(", ") + " or " : "") + last + " to compare, so it was left out.";
      }
      if (!count && known.length) {
        text += " None of the areas you asked for is here: choose from the list of areas.";
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
    ["asat", "since"].forEach(function (name) {
      if (choice[name]) {
        query.push(name + "=" + choice[name]);
      }
    });
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
  if (first.keys.length || first.diff || first.asat || first.since || first.bad.length) {
    apply(first);
  }
})();
