// worksheet.js: choose which questions of a question framework print.
//
// The framework's page is its worksheet. This script shows what the
// layout holds hidden for it: a box on each question, "Include when
// printing", and a Print button. A required question's box is ticked and
// cannot be unticked. A question left unticked gets data-left-out, which
// the print stylesheet leaves off the paper (a theme with none left, its
// heading too); on screen it stays, to be ticked again.
//
// The choice lives in the address, so that a facilitator can send the
// link: no q means every question (as the page prints without this
// script); ?q=c2,r1 means those and the required ones; ?q= means only the
// required ones. Ids that are not this page's questions are ignored, and
// a q with none of them is as if there were no q. Nothing is stored or
// sent anywhere.
(function () {
  "use strict";

  var sheet = document.querySelector("[data-worksheet]");
  if (!sheet || typeof window.print !== "function" || !window.URLSearchParams ||
      !window.history || !window.history.replaceState) {
    return;
  }
  var status = sheet.querySelector("[data-worksheet-status]");
  var questions = Array.prototype.map.call(sheet.querySelectorAll("[data-question]"), function (li) {
    return {
      id: li.getAttribute("data-question"),
      required: li.hasAttribute("data-required"),
      li: li,
      box: li.querySelector("[data-worksheet-include] input[type=checkbox]")
    };
  }).filter(function (q) { return q.box; });
  if (!questions.length) {
    return;
  }

  // chosenFromAddress returns the ids the address asks for, as a set, or
  // null for every question.
  function chosenFromAddress() {
    var params = new URLSearchParams(window.location.search);
    if (!params.has("q")) {
      return null;
    }
    var asked = {};
    params.getAll("q").join(",").split(",").forEach(function (id) {
      asked["=" + id.trim()] = true;
    });
    var chosen = {};
    var known = 0;
    var empty = params.getAll("q").join("").trim() === "";
    questions.forEach(function (q) {
      if (asked["=" + q.id]) {
        chosen[q.id] = true;
        known++;
      }
    });
    return known || empty ? chosen : null;
  }

  function apply(chosen) {
    questions.forEach(function (q) {
      q.box.checked = q.required || chosen === null || chosen[q.id] === true;
    });
    update();
  }

  // update marks the questions left out, and says what will print.
  function update() {
    var included = 0;
    var required = 0;
    questions.forEach(function (q) {
      if (q.box.checked) {
        included++;
        q.li.removeAttribute("data-left-out");
      } else {
        q.li.setAttribute("data-left-out", "");
      }
      if (q.required) {
        required++;
      }
    });
    Array.prototype.forEach.call(sheet.querySelectorAll("[data-theme]"), function (theme) {
      if (theme.querySelector("[data-question]:not([data-left-out])")) {
        theme.removeAttribute("data-left-out");
      } else {
        theme.setAttribute("data-left-out", "");
      }
    });
    if (status) {
      status.textContent = statusText(included, required);
    }
  }

  function statusText(included, required) {
    var all = questions.length;
    return included === all ? "The worksheet prints all " + all + " questions."
      : included === 0 ? "No question is ticked: the worksheet prints without questions."
      : "The worksheet prints " + included + " of " + all + " questions" +
        (required ? ", " + required + " of them required." : ".");
  }

  // addressFor is the page's address for the ticked boxes, with the
  // address's other parameters and fragment as they were.
  function addressFor() {
    var params = new URLSearchParams(window.location.search);
    params.delete("q");
    var rest = params.toString();
    var ids = [];
    var all = true;
    questions.forEach(function (q) {
      if (!q.box.checked) {
        all = false;
      } else if (!q.required) {
        ids.push(encodeURIComponent(q.id));
      }
    });
    var query = all ? rest : (rest ? rest + "&" : "") + "q=" + ids.join(",");
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function changed() {
    update();
    window.history.replaceState(null, "", addressFor());
  }

  questions.forEach(function (q) {
    q.box.addEventListener("change", changed);
  });
  function tickAll(on) {
    return function () {
      questions.forEach(function (q) {
        q.box.checked = on || q.required;
      });
      changed();
    };
  }
  var none = sheet.querySelector("[data-worksheet-none]");
  var every = sheet.querySelector("[data-worksheet-all]");
  if (none) {
    none.addEventListener("click", tickAll(false));
  }
  if (every) {
    every.addEventListener("click", tickAll(true));
  }
  var print = sheet.querySelector("[data-worksheet-print]");
  if (print) {
    print.addEventListener("click", function () { window.print(); });
  }

  apply(chosenFromAddress());
  Array.prototype.forEach.call(sheet.querySelectorAll("[data-worksheet-controls], [data-worksheet-include]"), function (el) {
    el.hidden = false;
  });
})();
