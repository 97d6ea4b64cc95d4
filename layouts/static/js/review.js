/*
 * review.js shows what a page built before its review date could not
 * know: that the date has passed since. The build writes the notice that
 * a page is past its review date (partials/pagemeta.html) and the
 * "Review overdue" tag of its card (partials/cards.html) into the page
 * when it was past the date already, which is what readers without
 * JavaScript see. Otherwise it writes them into a <template> carrying the
 * date as data-review-due (2026-03-14), which this script puts in the
 * page once the reader's today is after that date: the rule
 * builder.Page.Overdue applies at build time, on the reader's calendar.
 *
 * It only ever adds: a notice the build wrote stays, even when the
 * reader's clock is behind the build's. What it adds takes no focus and
 * is not announced: it is in place as the page loads, a role="note"
 * region with its heading, like the notice the build writes. It is a
 * file of its own, loaded with defer, so a Content-Security-Policy of
 * script-src 'self' allows it.
 */
(function () {
  'use strict';

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  var now = new Date();
  var today = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
  var held = document.querySelectorAll('template[data-review-due]');
  for (var i = 0; i < held.length; i++) {
    var t = held[i];
    if (t.getAttribute('data-review-due') < today) t.parentNode.replaceChild(t.content.cloneNode(true), t);
  }
})();
