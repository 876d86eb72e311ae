/* Offline search over the prebuilt index: English words by prefix, Chinese by characters
   (all must occur) ranked by the bigrams they share. Without JavaScript the page stays a
   plain list of every entry. */
(function () {
  "use strict";
  var index = window.NMOSD_SEARCH, list = document.getElementById("search-results");
  var input = document.getElementById("q"), status = document.getElementById("search-status");
  if (!index || !list || !input) { return; }
  var items = Array.prototype.slice.call(list.children), keys = Object.keys(index.terms);
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

  function hits(term, prefix) {
    var found = {}, matched = prefix ? keys.filter(function (k) { return k.indexOf(term) === 0; })
                                     : (index.terms[term] ? [term] : []);
    matched.forEach(function (k) {
      index.terms[k].forEach(function (p) { found[p[0]] = Math.max(found[p[0]] || 0, p[1]); });
    });
    return found;
  }

  function search(query) {
    var runs = query.toLowerCase().match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g);
    if (!runs) { return null; }
    var required = [], bonus = [];
    runs.forEach(function (run) {
      if (!CJK.test(run)) { required.push(hits(run, true)); return; }
      for (var i = 0; i < run.length; i++) {
        required.push(hits(run[i], false));
        if (i + 1 < run.length) { bonus.push(hits(run.substr(i, 2), false)); }
      }
    });
    var scores = {};
    Object.keys(required[0]).forEach(function (doc) {
      if (required.every(function (h) { return doc in h; })) {
        scores[doc] = required.reduce(function (s, h) { return s + h[doc]; }, 0)
          + 2 * bonus.reduce(function (s, h) { return s + (h[doc] || 0); }, 0);
      }
    });
    return scores;
  }

  function show(query) {
    var scores = search(query);
    items.forEach(function (li) {
      var doc = li.getAttribute("data-doc");
      li.hidden = scores !== null && !(doc in scores);
    });
    var order = items.slice();
    if (scores) {
      order.sort(function (a, b) {
        var sa = scores[a.getAttribute("data-doc")] || 0, sb = scores[b.getAttribute("data-doc")] || 0;
        return sb - sa || a.getAttribute("data-doc") - b.getAttribute("data-doc");
      });
    }
    order.forEach(function (li) { list.appendChild(li); });
    var n = scores ? Object.keys(scores).length : items.length;
    status.textContent = scores && n === 0 ? status.getAttribute("data-none")
                                           : n + " " + status.getAttribute("data-results");
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    show(input.value);
    var first = list.querySelector("li:not([hidden]) a");
    if (first) { first.focus(); }
  });
})();
