"""The site's search ranking in Python: the reference that ``static/search.js`` mirrors.

Both read the same index (``search.build_index``): the documents' text in both languages,
the synonym phrases in the order they are claimed, the stop words and every weight. Text is
folded the same way (NFKC, lower case, Latin words with a plural ``s`` dropped, Chinese
runs kept whole) into ``" word word 汉字 "``, so that a match is a plain substring test:

- a query is split into *terms*: first each synonym phrase it holds (longest first) becomes
  one term whose alternatives are the whole group ("hbv" = "hepatitis b" = "乙肝"); the
  remaining words are terms of their own, stop words left out; a one-letter word never
  stands alone: it joins its neighbour as a phrase ("hepatitis b", "b 细胞");
- a run of Chinese characters is cut, from the left, into the longest pieces that occur
  somewhere in the index (Chinese has no spaces between words): "利妥昔单抗换药" becomes
  "利妥昔单抗" and "换药", each a term;
- a term scores its best alternative: a whole-word match in the title (both languages and
  aliases) above a prefix match there, above one in the names of what the entry is about
  (the facts a flow asks, the drugs a recommendation names), above one in the body; a
  prefix below a whole word (Chinese matches anywhere in a run, as whole words);
- a document's score is the sum over terms times its kind's weight (a flow above a
  recommendation above a glossary entry); documents matching the most terms are kept, best
  score first, then in index order.
"""

from __future__ import annotations

import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[a-z0-9]+|[{CJK}]+")
_LATIN = re.compile("[a-z0-9]")
TRIM = " ·,;:，；：、"  # left off the end of a snippet cut short


def stem(word: str) -> str:
    """``cells`` -> ``cell``: a plural ``s`` dropped from Latin words of four letters or more.

    >>> [stem(w) for w in ("cells", "vaccines", "status", "less", "hbv")]
    ['cell', 'vaccine', 'status', 'less', 'hbv']
    """
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Latin words (stemmed) and Chinese runs of ``text``, folded.

    >>> words("CD20+ B细胞, Hepatitis B screenings")
    ['cd20', 'b', '细胞', 'hepatitis', 'b', 'screening']
    """
    runs = _RUN.findall(unicodedata.normalize("NFKC", text).lower())
    return [stem(r) if _LATIN.match(r) else r for r in runs]


def fold(text: str) -> str:
    """``text`` as searched: its words between single spaces, with a space at each end."""
    return " " + " ".join(words(text)) + " "


def phrase(text: str) -> str:
    """A synonym or stop word as the index stores it: ``"Hepatitis B"`` -> ``"hepatitis b"``."""
    return " ".join(words(text))


def _latin(ch: str) -> bool:
    return bool(_LATIN.match(ch))


def _claim(q: str, p: str) -> tuple[str, bool]:
    """``q`` with its first occurrence of phrase ``p`` blanked out, and whether there was one."""
    pre, post = (" " if _latin(p[0]) else ""), (" " if _latin(p[-1]) else "")
    at = q.find(pre + p + post)
    if at < 0:
        return q, False
    start = at + len(pre)
    return q[:start] + " " + q[start + len(p):], True


def _pieces(run: str, corpus: str) -> list[str]:
    """A Chinese run cut from the left into the longest pieces found in ``corpus``; characters
    found nowhere are left out.

    >>> _pieces("利妥昔单抗换药", " 利妥昔单抗 换药 ")
    ['利妥昔单抗', '换药']
    """
    out, i = [], 0
    while i < len(run):
        j = len(run)
        while j > i and run[i:j] not in corpus:
            j -= 1
        if j > i:
            out.append(run[i:j])
            i = j
        else:
            i += 1
    return out


def parse(query: str, index: dict, corpus: str = "") -> list[list[str]] | None:
    """The query's terms, each a list of alternative phrases; None when nothing is searchable.
    ``corpus`` is all the folded text of the index (``prepare``), used to cut Chinese runs."""
    q = fold(query)
    terms: list[list[str]] = []
    taken: set[int] = set()
    for p, group in index["synonyms"]:
        q, found = _claim(q, p)
        while found:
            if group not in taken:
                taken.add(group)
                terms.append(index["groups"][group])
            q, found = _claim(q, p)
    tokens = [piece for token in q.split()
              for piece in (_pieces(token, corpus) if not _latin(token[0]) else [token])]
    stop = set(index["stop"])
    kept = [t for t in tokens if t not in stop]
    if kept or terms:
        tokens = kept
    phrases: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1 and _latin(token):
            if phrases:
                phrases[-1] += " " + token
            else:
                pending = (pending + " " + token).strip()
            continue
        phrases.append((pending + " " + token).strip())
        pending = ""
    terms += [[p] for p in phrases]
    return terms or None


def level(field: str, p: str) -> int:
    """2 when phrase ``p`` occurs in ``field`` as whole words, 1 as a prefix, else 0."""
    core = (" " if _latin(p[0]) else "") + p
    if not _latin(p[-1]):
        return 2 if core in field else 0
    if core + " " in field:
        return 2
    last = p.rsplit(" ", 1)[-1]
    return 1 if len(last) >= 3 and core in field else 0


FIELDS = ("title", "about", "body")


def term_score(fields: tuple[str, ...], alternatives: list[str], weights: dict) -> int:
    """The best score of any alternative phrase in the folded fields (title, about, body)."""
    best = 0
    for p in alternatives:
        for name, field in zip(FIELDS, fields, strict=True):
            found = level(field, p)
            if found:
                best = max(best, weights[name] if found == 2 else weights[name + "_prefix"])
    return best


def prepare(index: dict) -> dict:
    """What search.js makes of the index on load: each document as ``(kind, (folded title,
    about, body))``, and all that text in one string (the ``corpus``)."""
    docs = [(d[0], (fold(d[1] + " " + d[3] + " " + d[6]), fold(d[7]), fold(d[4] + " " + d[5])))
            for d in index["docs"]]
    return {"docs": docs, "corpus": "".join("".join(fields) for _, fields in docs)}


def rank(index: dict, query: str, prepared: dict | None = None) -> list[int] | None:
    """The documents found for ``query``, best first (indexes into ``index["docs"]``); None
    when the query holds nothing searchable (every document is then listed as it stands)."""
    prepared = prepared or prepare(index)
    terms = parse(query, index, prepared["corpus"])
    if terms is None:
        return None
    weights, kinds = index["weights"], index["kinds"]
    found = []
    for i, (kind, fields) in enumerate(prepared["docs"]):
        scores = [term_score(fields, alts, weights) for alts in terms]
        matched = sum(1 for s in scores if s > 0)
        if matched:
            found.append((matched, sum(scores) * kinds.get(kind, 1), i))
    most = max((m for m, _, _ in found), default=0)
    return [i for _, _, i in sorted((f for f in found if f[0] == most),
                                    key=lambda f: (-f[1], f[2]))]


def mark_pattern(p: str) -> str:
    """A regular expression (the same in Python and JavaScript) finding phrase ``p`` in page
    text: Latin words with any ending (the index dropped plural endings), case ignored.

    >>> mark_pattern("hepatitis b") == "(?<![a-z0-9])hepatitis[a-z0-9]*[^a-z0-9" + CJK + "]*b[a-z0-9]*"
    True
    """
    parts = [w + "[a-z0-9]*" if _latin(w[0]) else w for w in p.split(" ")]
    head = "(?<![a-z0-9])" if _latin(p[0]) else ""
    return head + f"[^a-z0-9{CJK}]*".join(parts)


def snippet(text: str, terms: list[list[str]] | None, limit: int) -> list[tuple[str, bool]]:
    """About ``limit`` characters of ``text`` around its first match, as ``(text, marked)``
    pieces; the start of ``text`` when nothing in it matches.

    >>> snippet("Screen for hepatitis B before treatment.", [["hepatitis b"]], 60)
    [('Screen for ', False), ('hepatitis B', True), (' before treatment.', False)]
    """
    matches = []
    if terms:
        alts = sorted({p for t in terms for p in t}, key=lambda p: (-len(p), p))
        matcher = re.compile("|".join(f"(?:{mark_pattern(p)})" for p in alts), re.I)
        matches = [(m.start(), m.end()) for m in matcher.finditer(text) if m.end() > m.start()]
    start = 0
    if matches and matches[0][0] > limit // 3:
        start = matches[0][0] - limit // 3
        gap = text.find(" ", start, min(start + 15, matches[0][0]))
        start = gap + 1 if gap >= 0 else start
    end = min(len(text), start + limit)
    if end < len(text):
        gap = text.rfind(" ", max(0, end - 15), end)
        end = gap if gap > start else end
        while end > start and text[end - 1] in TRIM:
            end -= 1
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    at = start
    for a, b in matches:
        if a >= start and b <= end:
            pieces += [(text[at:a], False), (text[a:b], True)]
            at = b
    pieces.append((text[at:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return [(s, marked) for s, marked in pieces if s]
