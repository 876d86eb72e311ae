/* Offline search over the prebuilt index (search-index.js). The ranking is that of
   render/site/query.py, function for function: that module explains it and is the reference;
   the tests run both on the same queries in headless Chromium and compare. The index carries
   the synonyms, stop words and weights, so neither side holds numbers of its own.
   Without JavaScript the page stays a plain list of every entry. */
(function () {
  "use strict";
  var index = window.NMOSD_SEARCH, list = document.getElementById("search-results");
  var input = document.getElementById("q"), status = document.getElementById("search-status");
  var heading = document.getElementById("h-all");
  if (!index || !list || !input) { return; }
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("[a-z0-9]+|[" + CJK + "]+", "g");
  var TRIM = " \u00b7,;:\uff0c\uff1b\uff1a\u3001";
  var FIELDS = ["title", "about", "body"];

  function isLatin(ch) { return /^[a-z0-9]/.test(ch); }

  function stem(word) {
    if (word.length >= 4 && word.slice(-1) === "s" && !/(ss|us|is)$/.test(word)) {
      return word.slice(0, -1);
    }
    return word;
  }

  function words(text) {
    var runs = text.normalize("NFKC").toLowerCase().match(RUN) || [];
    return runs.map(function (r) { return isLatin(r[0]) ? stem(r) : r; });
  }

  function fold(text) { return " " + words(text).join(" ") + " "; }

  function claim(q, p) {
    var pre = isLatin(p[0]) ? " " : "", post = isLatin(p[p.length - 1]) ? " " : "";
    var at = q.indexOf(pre + p + post);
    if (at < 0) { return null; }
    var start = at + pre.length;
    return q.slice(0, start) + " " + q.slice(start + p.length);
  }

  function pieces(run, corpus) {
    var out = [], i = 0;
    while (i < run.length) {
      var j = run.length;
      while (j > i && corpus.indexOf(run.slice(i, j)) < 0) { j--; }
      if (j > i) { out.push(run.slice(i, j)); i = j; } else { i++; }
    }
    return out;
  }

  function parse(query, corpus) {
    var q = fold(query), terms = [], taken = Object.create(null);
    index.synonyms.forEach(function (pair) {
      var next = claim(q, pair[0]);
      while (next !== null) {
        if (!taken[pair[1]]) { taken[pair[1]] = true; terms.push(index.groups[pair[1]]); }
        q = next;
        next = claim(q, pair[0]);
      }
    });
    var tokens = [];
    q.split(" ").forEach(function (t) {
      if (t) { tokens = tokens.concat(isLatin(t[0]) ? [t] : pieces(t, corpus)); }
    });
    var stop = Object.create(null);
    index.stop.forEach(function (w) { stop[w] = true; });
    var kept = tokens.filter(function (t) { return !stop[t]; });
    if (kept.length || terms.length) { tokens = kept; }
    var phrases = [], pending = "";
    tokens.forEach(function (token) {
      if (token.length === 1 && isLatin(token)) {
        if (phrases.length) { phrases[phrases.length - 1] += " " + token; }
        else { pending = (pending + " " + token).trim(); }
        return;
      }
      phrases.push((pending + " " + token).trim());
      pending = "";
    });
    phrases.forEach(function (p) { terms.push([p]); });
    return terms.length ? terms : null;
  }

  function level(field, p) {
    var core = (isLatin(p[0]) ? " " : "") + p;
    if (!isLatin(p[p.length - 1])) { return field.indexOf(core) >= 0 ? 2 : 0; }
    if (field.indexOf(core + " ") >= 0) { return 2; }
    var last = p.slice(p.lastIndexOf(" ") + 1);
    return last.length >= 3 && field.indexOf(core) >= 0 ? 1 : 0;
  }

  function termScore(fields, alternatives) {
    var best = 0, w = index.weights;
    alternatives.forEach(function (p) {
      FIELDS.forEach(function (name, k) {
        var found = level(fields[k], p);
        if (found) { best = Math.max(best, found === 2 ? w[name] : w[name + "_prefix"]); }
      });
    });
    return best;
  }

  var docs = index.docs.map(function (d) {
    return [d[0], [fold(d[1] + " " + d[3] + " " + d[6]), fold(d[7]), fold(d[4] + " " + d[5])]];
  });
  var corpus = docs.map(function (d) { return d[1].join(""); }).join("");

  function rank(query) {
    var terms = parse(query, corpus);
    if (terms === null) { return {terms: null, order: null}; }
    var found = [];
    docs.forEach(function (d, i) {
      var scores = terms.map(function (alts) { return termScore(d[1], alts); });
      var matched = scores.filter(function (s) { return s > 0; }).length;
      var sum = scores.reduce(function (a, b) { return a + b; }, 0);
      if (matched) { found.push([matched, sum * (index.kinds[d[0]] || 1), i]); }
    });
    var most = found.reduce(function (m, f) { return Math.max(m, f[0]); }, 0);
    var order = found.filter(function (f) { return f[0] === most; })
      .sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; })
      .map(function (f) { return f[2]; });
    return {terms: terms, order: order};
  }

  function markPattern(p) {
    var parts = p.split(" ").map(function (w) { return isLatin(w[0]) ? w + "[a-z0-9]*" : w; });
    return (isLatin(p[0]) ? "(?<![a-z0-9])" : "") + parts.join("[^a-z0-9" + CJK + "]*");
  }

  function snippet(text, terms, limit) {
    var matches = [], m;
    if (terms) {
      var seen = Object.create(null), alts = [];
      terms.forEach(function (t) {
        t.forEach(function (p) { if (!seen[p]) { seen[p] = true; alts.push(p); } });
      });
      alts.sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
      var re = new RegExp(alts.map(function (p) { return "(?:" + markPattern(p) + ")"; })
        .join("|"), "gi");
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) { re.lastIndex += 1; continue; }
        matches.push([m.index, m.index + m[0].length]);
      }
    }
    var third = Math.floor(limit / 3), start = 0;
    if (matches.length && matches[0][0] > third) {
      start = matches[0][0] - third;
      var gap = text.indexOf(" ", start);
      if (gap >= 0 && gap + 1 <= Math.min(start + 15, matches[0][0])) { start = gap + 1; }
    }
    var end = Math.min(text.length, start + limit);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end - 1);
      if (back >= Math.max(0, end - 15) && back > start) { end = back; }
      while (end > start && TRIM.indexOf(text[end - 1]) >= 0) { end -= 1; }
    }
    var out = start > 0 ? [["\u2026", false]] : [], at = start;
    matches.forEach(function (r) {
      if (r[0] >= start && r[1] <= end) {
        out.push([text.slice(at, r[0]), false], [text.slice(r[0], r[1]), true]);
        at = r[1];
      }
    });
    out.push([text.slice(at, end), false]);
    if (end < text.length) { out.push(["\u2026", false]); }
    return out.filter(function (piece) { return piece[0]; });
  }

  // For the tests: the same answers query.rank and query.snippet give.
  window.NMOSD_SEARCH_API = {
    rank: function (q) { return rank(q).order; },
    snippet: function (i, q) {
      return snippet(index.docs[i][4], rank(q).terms, index.snippet);
    }
  };

  var items = Array.prototype.slice.call(list.children);

  function fill(li, parts) {
    var span = li.querySelector(".snippet");
    if (!span) { return; }
    span.textContent = "";
    parts.forEach(function (piece) {
      var node = piece[1] ? document.createElement("mark") : document.createTextNode(piece[0]);
      if (piece[1]) { node.textContent = piece[0]; }
      span.appendChild(node);
    });
  }

  function show(query) {
    var found = rank(query), shown = Object.create(null);
    (found.order || []).forEach(function (i, pos) { shown[i] = pos; });
    var order = found.order === null ? items.slice() : [];
    items.forEach(function (li) {
      var i = Number(li.getAttribute("data-doc"));
      var hit = found.order === null || i in shown;
      li.hidden = !hit;
      if (found.order !== null && hit) { order[shown[i]] = li; }
      fill(li, snippet(index.docs[i][4], found.terms, index.snippet));
    });
    order.forEach(function (li) { list.appendChild(li); });
    items.forEach(function (li) { if (li.hidden) { list.appendChild(li); } });
    var n = found.order === null ? items.length : found.order.length;
    status.textContent = found.order !== null && n === 0 ? status.getAttribute("data-none")
                                                       : n + " " + status.getAttribute("data-results");
    heading.textContent = heading.getAttribute(found.order === null ? "data-all" : "data-found");
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
