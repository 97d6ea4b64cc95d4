// compare-scale.js: the filter-first comparison of many areas without a
// server.
//
// On a site with more areas than it sets side by side, /compare/ comes
// with the filter, the summary of every area and the first areas to
// pick from. On plain hosting this script applies a choice in the
// browser, as a server would (Go's compare.ParseFilter, Index.Select and
// NewChosen): it reads compare/areas.json, a small index of the areas
// with their facet values, once the reader chooses (or the address holds
// a choice), chooses the areas that have one of the values asked of
// each facet asked and whose text holds every word of the name, counts
// the summary and lists them; and sets side by side the areas picked
// (or, when a filter chooses no more than data-max-columns, every one),
// fetching only their records, compare/area/KEY.json, which hold their
// cells in words. It knows no vocabulary or row of the comparison: the
// files carry the facets, their words, the rows and the cells. It marks
// a cell that differs from most of the areas shown by the same rule as
// compare.js and Go's markDifferences. When a server made the page
// (data-rendered="server"), or it is opened from a folder, where a
// browser fetches no files, it does nothing and the page's own links
// and forms work.
(function () {
  "use strict";

  var root = document.querySelector("[data-compare-scale]");
  // From a folder (the offline copy) a browser fetches no files: the
  // page's own forms and links are left to work as they are.
  if (!root || root.getAttribute("data-rendered") === "server" || !window.fetch || !window.URLSearchParams || window.location.protocol === "file:") {
    return;
  }
  var filterForm = root.querySelector("[data-compare-filter]");
  var side = document.querySelector("[data-compare-side]");
  var maxColumns = parseInt(root.getAttribute("data-max-columns"), 10) || 12;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(root.getAttribute("data-index")).then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      });
    }
    return loading;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function number(n) {
    return n.toLocaleString("en-GB");
  }

  // readParams reads a choice from the address or a form's fields, as
  // ParseQuery does: each facet's values, repeated or comma-separated.
  function readParams(params, index) {
    var choice = { values: {}, name: (params.get("name") || "").trim(), areas: [], diff: false };
    index.facets.forEach(function (f) {
      if (!f.filter) {
        return;
      }
      params.getAll(f.key).forEach(function (raw) {
        raw.split(",").forEach(function (v) {
          v = v.trim();
          if (v && (choice.values[f.key] || []).indexOf(v) < 0) {
            (choice.values[f.key] = choice.values[f.key] || []).push(v);
          }
        });
      });
    });
    params.getAll("areas").forEach(function (raw) {
      raw.split(",").forEach(function (k) {
        k = k.trim();
        if (k && choice.areas.indexOf(k) < 0) {
          choice.areas.push(k);
        }
      });
    });
    choice.diff = ["1", "on", "true", "yes"].indexOf((params.get("diff") || "").toLowerCase()) >= 0;
    return choice;
  }

  function formParams(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || f.disabled || ((f.type === "checkbox" || f.type === "radio") && !f.checked)) {
        return;
      }
      params.append(f.name, f.value);
    });
    return params;
  }

  function empty(choice) {
    return !choice.name && Object.keys(choice.values).length === 0;
  }

  // select returns the areas the choice's filter keeps, with the count
  // of each value of each facet among them.
  function select(index, choice) {
    var asked = index.facets.map(function (f) {
      var want = choice.values[f.key];
      if (!want) {
        return null;
      }
      var ok = {};
      f.options.forEach(function (o, i) {
        if (want.indexOf(o.value) >= 0) {
          ok[i] = true;
        }
      });
      return ok;
    });
    var words = choice.name.toLowerCase().split(/\s+/).filter(Boolean);
    var counts = index.facets.map(function (f) {
      return f.options.map(function () { return 0; });
    });
    var chosen = index.areas.filter(function (a) {
      var keep = asked.every(function (ok, fi) {
        return !ok || a.values[fi].some(function (oi) { return ok[oi]; });
      }) && words.every(function (w) { return a.text.indexOf(w) >= 0; });
      if (keep) {
        a.values.forEach(function (vals, fi) {
          vals.forEach(function (oi) { counts[fi][oi]++; });
        });
      }
      return keep;
    });
    return { areas: chosen, counts: counts };
  }

  // mostCommon returns the indexes of the options to count: those any
  // area chosen has, and of more than max of them the max with the
  // largest counts and any chosen, in their order (Go's mostCommon).
  function mostCommon(f, counts, chosen, max) {
    var some = [];
    counts.forEach(function (c, i) {
      if (c) {
        some.push(i);
      }
    });
    if (some.length <= max) {
      return { keep: some, more: 0 };
    }
    var order = some.slice().sort(function (a, b) { return counts[b] - counts[a] || a - b; });
    var top = {};
    order.slice(0, max).forEach(function (i) { top[i] = true; });
    var keep = some.filter(function (i) { return top[i] || chosen.indexOf(f.options[i].value) >= 0; });
    return { keep: keep, more: some.length - keep.length };
  }

  function summaryTable(f, counts, chosen, max) {
    var shown = mostCommon(f, counts, chosen, max);
    var top = Math.max.apply(null, counts);
    var table = el("table", "compare-summary__table");
    table.appendChild(el("caption", "visually-hidden", f.label));
    var head = el("thead");
    var hr = el("tr");
    [f.label, "Areas"].forEach(function (t) {
      var th = el("th", "", t);
      th.scope = "col";
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    var rows = shown.keep.length;
    shown.keep.forEach(function (i) {
      var o = f.options[i];
      var tr = el("tr");
      var th = el("th");
      th.scope = "row";
      if (f.pages) {
        var a = el("a", "", o.label);
        a.href = root.getAttribute("data-base") + f.pages + o.value + "/";
        th.appendChild(a);
      } else {
        th.textContent = o.label;
      }
      var td = el("td");
      var bar = el("span", "compare-bar");
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "compare-bar__fill");
      fill.style.width = Math.floor(counts[i] * 100 / top) + "%";
      bar.appendChild(fill);
      td.appendChild(bar);
      td.appendChild(document.createTextNode(" " + counts[i]));
      tr.appendChild(th);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    if (shown.more) {
      var other = el("tr");
      var oth = el("th", "", shown.more + " other values");
      oth.scope = "row";
      other.appendChild(oth);
      other.appendChild(el("td", "", "each in fewer areas"));
      body.appendChild(other);
    }
    table.appendChild(body);
    if (rows <= 12) {
      return rows ? table : null;
    }
    var more = el("details", "compare-summary__more");
    more.appendChild(el("summary", "", f.label + ": " + (shown.more ? "the " + rows + " most common values" : rows + " values")));
    more.appendChild(table);
    return more;
  }

  function showSummary(index, sel, choice) {
    var box = root.querySelector(".compare-summary__tables");
    box.textContent = "";
    index.facets.forEach(function (f, fi) {
      var t = summaryTable(f, sel.counts[fi], choice.values[f.key] || [], f.pages ? Infinity : index.maxSummary);
      if (t) {
        box.appendChild(t);
      }
    });
    root.querySelector("[data-compare-count]").textContent = number(sel.areas.length) + " of " + number(index.areas.length) + " areas chosen.";
  }

  // showList lists the first maxListed areas chosen, each with a box to
  // set it side by side, ticked when it is.
  function showList(index, sel, picked) {
    var list = root.querySelector("[data-compare-areas]");
    var listing = root.querySelector("[data-compare-listing]");
    var form = root.querySelector("[data-compare-pick]");
    if (!list || !form) {
      return;
    }
    form.hidden = sel.areas.length === 0;
    root.querySelector("[data-compare-none]").hidden = sel.areas.length > 0;
    var shown = sel.areas.slice(0, index.maxListed);
    var keys = shown.map(function (a) { return a.key; }).join(",");
    if (list.getAttribute("data-listed") === keys) {
      // The same areas: keep the boxes, and the focus on one.
      Array.prototype.forEach.call(list.querySelectorAll("input"), function (box) {
        box.checked = picked.indexOf(box.value) >= 0;
      });
      return;
    }
    list.setAttribute("data-listed", keys);
    list.textContent = "";
    shown.forEach(function (a, i) {
      var li = el("li", "checkbox");
      var box = el("input");
      box.type = "checkbox";
      box.id = "pick-" + i;
      box.name = "areas";
      box.value = a.key;
      box.checked = picked.indexOf(a.key) >= 0;
      box.setAttribute("aria-describedby", "pick-hint");
      var label = el("label", "", a.name);
      label.htmlFor = box.id;
      if (a.source) {
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", "compare-form__from", "(from " + a.source + ")"));
      }
      li.appendChild(box);
      li.appendChild(label);
      list.appendChild(li);
    });
    listing.textContent = shown.length < sel.areas.length
      ? "The first " + shown.length + " of the " + sel.areas.length + " areas chosen, in list order: narrow the choice to see the others."
      : "The " + sel.areas.length + " areas chosen.";
  }

  var records = {};

  // record fetches an area's record once.
  function record(key) {
    if (!records[key]) {
      records[key] = fetch(root.getAttribute("data-records") + key.split("/").map(encodeURIComponent).join("/") + ".json").then(function (r) {
        if (!r.ok) {
          delete records[key];
          throw new Error(key + ": " + r.status);
        }
        return r.json();
      });
    }
    return records[key];
  }

  // columnsFor returns the areas to set side by side and any notice, as
  // NewChosen does.
  function columnsFor(index, choice, sel) {
    var byKey = {};
    index.areas.forEach(function (a) { byKey[a.key] = a; });
    if (choice.areas.length) {
      var notes = [];
      var asked = choice.areas;
      if (asked.length > maxColumns) {
        notes.push("At most " + maxColumns + " areas are set side by side: the first " + maxColumns + " you chose are shown.");
        asked = asked.slice(0, maxColumns);
      }
      var unknown = asked.filter(function (k) { return !byKey[k]; });
      if (unknown.length) {
        notes.push("This site has no area " + unknown.slice(0, 5).map(function (k) { return "“" + k + "”"; }).join(", ") + " to compare, so it was left out.");
      }
      var keep = {};
      asked.forEach(function (k) { keep[k] = true; });
      return { areas: index.areas.filter(function (a) { return keep[a.key]; }), notes: notes };
    }
    if (!empty(choice) && sel.areas.length && sel.areas.length <= maxColumns) {
      return { areas: sel.areas, notes: [] };
    }
    return { areas: [], notes: !empty(choice) && !sel.areas.length ? ["No area matches every filter you chose: remove one to see more."] : [] };
  }

  function cell(index, rec, row) {
    var c = rec.cells[row.key] || {};
    var td = el("td");
    td.setAttribute("data-col", rec.key);
    td.setAttribute("data-v", c.match || "");
    if (c.values && c.values.length) {
      if (c.list) {
        var ul = el("ul");
        c.values.forEach(function (v) { ul.appendChild(el("li", "", v)); });
        td.appendChild(ul);
      } else {
        td.appendChild(el("span", "compare-value", c.values[0]));
      }
    } else if (!c.note) {
      td.appendChild(el("span", "compare-none", index.notGiven));
    }
    if (c.note) {
      td.appendChild(el("p", "compare-note", c.note));
    }
    return td;
  }

  // markRow marks the cells whose value is less common than the most
  // common one, when at least two areas share that, and reports whether
  // the values vary: Go's markDifferences.
  function markRow(tr, th) {
    var cells = tr.querySelectorAll("td");
    var count = {};
    var distinct = 0;
    var top = 0;
    Array.prototype.forEach.call(cells, function (td) {
      var v = "=" + td.getAttribute("data-v");
      if (!count[v]) {
        count[v] = 0;
        distinct++;
      }
      top = Math.max(top, ++count[v]);
    });
    Array.prototype.forEach.call(cells, function (td) {
      if (top >= 2 && count["=" + td.getAttribute("data-v")] < top) {
        td.classList.add("differs");
        var flag = el("span", "differs-flag");
        var mark = el("span", "differs-mark", "◆");
        mark.setAttribute("aria-hidden", "true");
        flag.appendChild(mark);
        flag.appendChild(el("span", "visually-hidden", "Differs from most areas: "));
        td.insertBefore(flag, td.firstChild);
      }
    });
    if (distinct > 1) {
      tr.classList.add("is-varied");
      var vf = el("span", "varies-flag", " ");
      var vm = el("span", "varies-mark", "≠");
      vm.setAttribute("aria-hidden", "true");
      vf.appendChild(vm);
      vf.appendChild(el("span", "visually-hidden", "(areas differ)"));
      th.appendChild(vf);
    }
    return distinct > 1;
  }

  function matrix(index, recs, diff) {
    var table = el("table", "compare-matrix");
    table.setAttribute("aria-describedby", "compare-key");
    var caption = el("caption", "", "Blueprints of the areas" + (diff ? ": only the differences" : ""));
    caption.id = "matrix-caption";
    table.appendChild(caption);
    var head = el("thead");
    var hr = el("tr");
    var corner = el("th", "compare-matrix__corner", "Field");
    corner.scope = "col";
    hr.appendChild(corner);
    recs.forEach(function (r) {
      var th = el("th", "compare-matrix__area");
      th.scope = "col";
      th.setAttribute("data-col", r.key);
      var name = r.href ? el("a", "", r.name) : el("span", "", r.name);
      if (r.href) {
        name.href = r.href;
      }
      th.appendChild(name);
      if (r.setting) {
        th.appendChild(el("span", "compare-matrix__setting", r.setting));
      }
      if (r.source) {
        var badge = el("span", "compare-badge", "From " + r.source);
        badge.appendChild(el("span", "visually-hidden", ", another site"));
        th.appendChild(badge);
      }
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    index.groups.forEach(function (g) {
      var body = el("tbody");
      body.setAttribute("data-group", g.id);
      var gr = el("tr", "compare-matrix__group");
      var gth = el("th");
      gth.scope = "rowgroup";
      gth.colSpan = recs.length + 1;
      gth.appendChild(el("span", "", g.title));
      gr.appendChild(gth);
      body.appendChild(gr);
      var rows = 0;
      g.rows.forEach(function (row) {
        if (!recs.some(function (r) { return r.cells[row.key]; })) {
          return;
        }
        var tr = el("tr");
        tr.setAttribute("data-row", row.key);
        var th = el("th", "", row.label);
        th.scope = "row";
        tr.appendChild(th);
        recs.forEach(function (r) { tr.appendChild(cell(index, r, row)); });
        var varies = row.compared && markRow(tr, th);
        if (diff && !varies) {
          return;
        }
        body.appendChild(tr);
        rows++;
      });
      if (rows) {
        table.appendChild(body);
      }
    });
    return table;
  }

  var shownKeys = null;

  function showSide(index, cols, notes, diff) {
    var key = cols.map(function (a) { return a.key; }).join(",") + (diff ? "|diff|" : "|") + notes.join("|");
    var status = side.querySelector("[data-compare-status]") || el("p", "compare-status");
    status.setAttribute("role", "status");
    status.setAttribute("data-compare-status", "");
    if (key === shownKeys) {
      return Promise.resolve();
    }
    shownKeys = key;
    return Promise.all(cols.map(function (a) { return record(a.key); })).then(function (recs) {
      side.textContent = "";
      side.appendChild(el("h2", "", "The models side by side")).id = "matrix-heading";
      notes.forEach(function (n) { side.appendChild(el("p", "notice notice--warning", n)); });
      if (!recs.length) {
        side.appendChild(el("p", "", "Choose up to " + maxColumns + " areas, with the filter or from the list above, to set them side by side."));
        side.appendChild(status);
        status.textContent = "";
        return;
      }
      var keyText = el("p", "compare-key");
      keyText.id = "compare-key";
      keyText.textContent = "◆ marks a value that differs from most of the areas shown; ≠ marks a field where the areas do not all agree. Descriptions in the areas' own words are never marked.";
      side.appendChild(keyText);
      status.textContent = "Showing " + recs.length + (recs.length === 1 ? " area" : " areas") + (diff ? ", only where they differ" : "") + ".";
      side.appendChild(status);
      var scroll = el("div", "compare-scroll");
      scroll.tabIndex = 0;
      scroll.setAttribute("role", "region");
      scroll.setAttribute("aria-labelledby", "matrix-caption");
      scroll.appendChild(matrix(index, recs, diff));
      side.appendChild(scroll);
    });
  }

  function apply(index, choice, push) {
    var sel = select(index, choice);
    showSummary(index, sel, choice);
    var cols = columnsFor(index, choice, sel);
    showList(index, sel, cols.areas.map(function (a) { return a.key; }));
    var charts = document.querySelector("[data-compare-charts]");
    if (charts) {
      charts.hidden = true;
    }
    if (push && window.history && window.history.replaceState) {
      var params = new URLSearchParams();
      Object.keys(choice.values).forEach(function (k) { params.set(k, choice.values[k].join(",")); });
      if (choice.name) {
        params.set("name", choice.name);
      }
      if (choice.areas.length) {
        params.set("areas", choice.areas.join(","));
      }
      if (choice.diff) {
        params.set("diff", "1");
      }
      var q = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    }
    return showSide(index, cols.areas, cols.notes, choice.diff);
  }

  // setForm shows a choice read from the address in the filter's fields.
  function setForm(choice) {
    Array.prototype.forEach.call(filterForm.querySelectorAll("select"), function (s) {
      s.value = (choice.values[s.name] || [""])[0];
    });
    filterForm.querySelector('input[name="name"]').value = choice.name;
    filterForm.querySelector('input[name="diff"]').checked = choice.diff;
  }

  var current = null;

  // failed leaves the page as it came, with its links and forms, when
  // the files cannot be read, and says why in the console.
  function failed(err) {
    if (window.console) {
      window.console.error("compare-scale.js:", err);
    }
  }

  function fromFilter() {
    load().then(function (index) {
      var choice = readParams(formParams(filterForm), index);
      // A new filter keeps the areas picked that it still chooses.
      choice.areas = (current ? current.areas : []).filter(function (k) {
        return select(index, choice).areas.some(function (a) { return a.key === k; });
      });
      current = choice;
      return apply(index, choice, true);
    }).catch(failed);
  }

  var typing = null;
  filterForm.addEventListener("change", fromFilter);
  filterForm.addEventListener("input", function (e) {
    if (e.target.name === "name") {
      clearTimeout(typing);
      typing = setTimeout(fromFilter, 250);
    }
  });
  filterForm.addEventListener("submit", function (e) {
    e.preventDefault();
    fromFilter();
  });

  function fromPicks(focus) {
    load().then(function (index) {
      var choice = current || readParams(formParams(filterForm), index);
      choice.areas = Array.prototype.map.call(root.querySelectorAll('[data-compare-areas] input:checked'), function (b) { return b.value; });
      current = choice;
      return apply(index, choice, true);
    }).then(function () {
      var scroll = side.querySelector(".compare-scroll");
      if (focus && scroll) {
        scroll.focus();
      }
    }).catch(failed);
  }

  root.addEventListener("change", function (e) {
    if (e.target.name === "areas") {
      fromPicks(false);
    }
  });
  var pick = root.querySelector("[data-compare-pick]");
  if (pick) {
    pick.addEventListener("submit", function (e) {
      e.preventDefault();
      fromPicks(true);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.toString()) {
    load().then(function (index) {
      current = readParams(params, index);
      setForm(current);
      return apply(index, current, false);
    }).catch(failed);
  }
})();
