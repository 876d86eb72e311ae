"""The look of the flowcharts: fonts, colours, wording, text wrapping and HTML-like labels."""

from __future__ import annotations

import functools
import re
from html import escape as _html_escape

FONT = "Noto Sans CJK SC"  # has Latin and Chinese glyphs; fonts-noto-cjk installs it
INK = "#212121"
LINE = "#455a64"
PATH = "#0d47a1"  # one patient's path
MUTED_TEXT = "#9e9e9e"
MUTED_LINE = "#d0d0d0"
AWAIT = "#e65100"  # the decision waiting for a fact
AWAIT_FILL = "#fff3e0"
NOTE_LINE = "#757575"

# Font sizes in points, whole numbers (Graphviz rounds them in SVG). The smallest text is
# SIZE["small"]: printed, a chart shrinks at most to MIN_PRINT_PT / SIZE["small"] of its
# natural size, so no text is smaller than MIN_PRINT_PT.
SIZE = {"title": 16, "node": 10, "edge": 9, "detail": 9, "small": 9}
MIN_PRINT_PT = 7.0

# A4 portrait is 595 x 842 pt (8.27 x 11.69 in). A chart prints inside PRINT_BOX (portrait;
# landscape turns it), which leaves room for the page margins of the report (14/13 mm) and
# the site (11/12 mm) and a caption above the chart.
A4_PT = (595, 842)
A4_MARGIN_PT = 30
PRINT_BOX = (515, 715)
PNG_DPI = "150"

WORDS = {
    "en": {"rec": "rec", "recs": "recommendations", "source": "Source", "obtain": "? obtain",
           "then": "then also", "verdicts": "Verdicts", "path": "this patient's path",
           "awaiting": "waiting for a fact", "still": "still possible (dashed)",
           "complete": "Highlighted: one patient's path", "incomplete": "Incomplete: obtain",
           "not_applicable": "This flow does not apply to the patient",
           "from_text": "from the text, not the figure", "sep": ": ", "list": ", ",
           "override": "Decides whatever the route",
           "chart": "This chart", "part": "chart {n} of {count}", "overview": "overview",
           "continued": "continued in chart {n}", "from_part": "from the previous chart"},
    "zh": {"rec": "推荐意见", "recs": "推荐意见", "source": "来源", "obtain": "？需获取",
           "then": "另需", "verdicts": "结论", "path": "该患者的路径",
           "awaiting": "等待检查结果", "still": "仍可能的结局(虚线)",
           "complete": "已标出该患者的路径", "incomplete": "尚不完整，需获取：",
           "not_applicable": "该流程不适用于此患者",
           "from_text": "源自正文，非原图", "sep": "：", "list": "、",
           "override": "无论路径均据此判定",
           "chart": "本图依据", "part": "第{n}张，共{count}张", "overview": "总览",
           "continued": "续见第{n}张", "from_part": "承接上一张图"},
}

# Wrap widths in columns (a Chinese character counts two).
WIDTH = {"start": 28, "decision": 14, "action": 28, "outcome": 20, "note": 34, "edge": 16,
         "override": 22, "action_detail": 46,
         "marker": 16, "footer": 120, "title": 70}

_CJK = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef"
_CLOSING = "，。、：；？！）》」』】,.;:?!)"
_OPEN = "[(（《「『【]*"
_CLOSE = f"[{re.escape(_CLOSING)}]*"
_TOKEN = re.compile(rf"{_OPEN}[{_CJK}][0-9]*{_CLOSE}|[^ {_CJK}]+{_CLOSE}| +")  # NBSP does not break


def escape(text: str) -> str:
    """``text`` safe inside an HTML-like label (``&``, ``<`` and ``>`` escaped)."""
    return _html_escape(text, quote=False)


def page_size(landscape: bool) -> tuple[float, float]:
    """The A4 page in points, portrait or landscape."""
    width, height = A4_PT
    return (height, width) if landscape else (width, height)


def print_box(landscape: bool) -> tuple[float, float]:
    """Where a chart prints on A4, in points: PRINT_BOX, or PRINT_BOX turned for landscape."""
    width, height = PRINT_BOX
    return (height + 45, width - 45) if landscape else (width, height)


def zoom(width: float, height: float, landscape: bool) -> float:
    """How much a ``width`` x ``height`` pt drawing must shrink to print in the A4 box (at
    most 1).

    >>> zoom(1030, 500, landscape=False), zoom(1030, 500, landscape=True)
    (0.5, 0.7379)
    """
    box_w, box_h = print_box(landscape)
    return round(min(1.0, box_w / width, box_h / height), 4)


def min_zoom() -> float:
    """The least a chart may shrink in print: its smallest text stays at MIN_PRINT_PT.

    >>> min_zoom()
    0.7778
    """
    return round(MIN_PRINT_PT / SIZE["small"], 4)


def words(lang: str) -> dict[str, str]:
    return WORDS["zh" if lang == "zh" else "en"]


def tint(colour: str, white: float) -> str:
    """``colour`` mixed with ``white`` parts of white (0..1).

    >>> tint("#000000", 0.5)
    '#808080'
    """
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


_WIDE = re.compile(f"[{_CJK}]")


def columns(text: str) -> int:
    """Display columns: a Chinese character counts two."""
    return len(text) + len(_WIDE.findall(text))


def wrap(text: str, width: int) -> list[str]:
    """``_wrap``, remembered: a site draws the same labels for every step of a flow."""
    return list(_wrap(text, width))


@functools.lru_cache(maxsize=8192)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """Break ``text`` into lines of about ``width`` columns, between words or Chinese characters.

    >>> wrap("Active hepatitis B: do not give inebilizumab", 20)
    ['Active hepatitis B:', 'do not give', 'inebilizumab']
    >>> wrap("活动性乙型肝炎：禁用伊奈利珠单抗", 16)
    ['活动性乙型肝炎：', '禁用伊奈利珠单抗']
    >>> wrap("HBV-DNA结果(抗HBc阳性)？", 13)
    ['HBV-DNA结果', '(抗HBc阳性)？']
    >>> wrap("at least once a year · rec\u00a014", 26)
    ['at least once a year ·', 'rec\xa014']
    """
    lines, line = [], ""
    for token in _TOKEN.findall(re.sub(r"[ \t\r\n]+", " ", text).strip()):
        if line and not token.isspace() and columns(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        if not (token.isspace() and not line):
            line += token
    return tuple([*lines, line.rstrip()] if line.strip() else lines)


def balanced(text: str, longest: int = 20) -> int:
    """A wrap width for a diamond: one line when short, else two (or three) even lines.

    >>> wrap("Active or latent infection?", balanced("Active or latent infection?"))
    ['Active or latent', 'infection?']
    """
    if columns(text) <= 16:
        return 16
    for lines in (2, 3):
        width = next((w for w in range(10, longest + 1) if len(wrap(text, w)) <= lines), None)
        if width:
            return width
    return longest


def styled(body: str, size: float | None = None, colour: str | None = None,
           italic: bool = False, bold: bool = False) -> str:
    """``body`` (already HTML) in another size, colour, italic or bold."""
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    attrs = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{colour}"' if colour else "")
    return f"<FONT{attrs}>{body}</FONT>" if attrs else body


def para(text: str, width: int, **style) -> list[str]:
    """One paragraph as label rows: ``text`` wrapped, escaped and styled, one row per line."""
    return [styled(escape(line), **style) for line in wrap(text, width)]


def ruled(groups: list[list[list[str]]]) -> str:
    """An HTML-like label of several groups of paragraphs, a thin rule between groups."""
    rows = ["".join(f"<TR><TD>{row}</TD></TR>" for rows in paras for row in rows)
            for paras in groups]
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"<HR/>".join(rows)}</TABLE>>'


def grid(head: list[list[str]], cells: list[list[list[str]]], tail: list[list[str]]) -> str:
    """An HTML-like label: ``head`` across, then ``cells`` two to a row, then ``tail`` across."""
    def block(paras):
        rows = "".join(f"<TR><TD>{row}</TD></TR>" for rows in paras for row in rows)
        return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>'

    pairs = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    body = "".join("<TR>" + "".join(f'<TD VALIGN="TOP" SIDES="T" BORDER="1">{block(c)}</TD>'
                                    for c in pair)
                   + ("<TD></TD>" if len(pair) == 1 else "") + "</TR>" for pair in pairs)
    return (f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2" COLOR="#b0bec5">'
            f'<TR><TD COLSPAN="2">{block(head)}</TD></TR>{body}'
            f'<TR><TD COLSPAN="2">{block(tail)}</TD></TR></TABLE>>')


def label(*paras: list[str], pad: int = 1) -> str:
    """An HTML-like label (wrapped in ``<>`` for the graphviz package): one table row per line.

    Rows rather than ``<BR/>`` give every line its own padding, so Chinese lines do not touch.
    """
    rows = "".join(f"<TR><TD>{row}</TD></TR>" for rows in paras for row in rows)
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="{pad}">{rows}</TABLE>>'


def recs_text(numbers, lang: str) -> str:
    """``rec 6, 14`` / ``推荐意见6、14``."""
    w = words(lang)
    joined = w["list"].join(str(n) for n in numbers)
    return f"{w['rec']}\u00a0{joined}" if lang != "zh" else f"{w['rec']}{joined}"


def figures(source: str, lang: str) -> list[str]:
    """The figures a flow's ``source`` names ("Rec 6; Fig 1" -> ["Fig 1"] / ["图1"])."""
    numbers = re.findall(r"\bFig\.?\s*(\d+)", source)
    return [f"图{n}" if lang == "zh" else f"Fig {n}" for n in numbers]


def short_citation(citation: str) -> str:
    """The first two sentences of the citation (authors and title)."""
    parts = re.split(r"(?<=[.。])\s+", " ".join(citation.split()))
    return " ".join(parts[:2])


def title(g, flow, trace, lang: str, part=None) -> str:
    """The chart's heading: the flow title, which part of it this chart is and, with a trace,
    where the patient stands."""
    w = words(lang)
    paras = [para(flow.title.get(lang), WIDTH["title"], size=SIZE["title"], bold=True)]
    if part is not None and not part.whole:
        paras.append(para(part_name(flow, part, lang), WIDTH["title"] + 20, size=12))
    if trace is not None:
        if trace.status == "complete":
            verdict = g.verdict(flow.graph.nodes[trace.outcome]["verdict"])
            status = f"{w['complete']} → {verdict.label.get(lang)}"
        elif trace.status == "incomplete":
            status = w["incomplete"] + ("" if lang == "zh" else " ") + w["list"].join(
                g.facts[f].label.get(lang) for f in trace.missing)
        else:
            status = w["not_applicable"]
        paras.append(para(status, WIDTH["title"] + 20, size=11, colour=PATH))
    return label(*paras, [" "], pad=2)


def part_name(flow, part, lang: str) -> str:
    """``chart 2 of 4: anti-CD20 B-cell depleter`` (the branch it draws) or ``... overview``."""
    w = words(lang)
    head = w["part"].format(n=part.number, count=part.count)
    if not part.entry:
        return f"{head}{w['sep']}{w['overview']}"
    u, v = part.entry[-1]
    edge = flow.graph.edges[u, v]
    if edge.get("label") is not None:
        what = edge["label"].get(lang)
    elif edge.get("condition") is not None:
        what = edge["condition"].label()
    else:  # a step that simply goes on: name where this chart starts
        what = flow.graph.nodes[v]["label"].get(lang)
    return f"{head}{w['sep']}{what}"


def legend(g, flow, part, path: bool, waiting: bool, lang: str) -> str:
    """The bottom block: the verdicts drawn (colour and word), the path keys, the source."""
    w = words(lang)
    used = {d["verdict"] for n, d in flow.graph.nodes(data=True)
            if d["kind"] == "outcome" and part.has(n)}
    drawn = [v for v in g.verdicts if v.id in used]
    rows = [styled(escape(w["verdicts"] + w["sep"].strip()), bold=True) + "  " + "    ".join(
        f"{styled('■', size=14, colour=v.colour)} {escape(v.label.get(lang))}" for v in drawn)]
    keys = [(PATH, "━━", w["path"])] if path else []
    if waiting:
        keys += [(AWAIT, "◆", w["awaiting"]), (LINE, "┅", w["still"])]
    if keys:
        rows.append("    ".join(f"{styled(sym, colour=c, bold=True)} {escape(t)}"
                                for c, sym, t in keys))
    rows += para(footer(g, flow, lang), WIDTH["footer"], size=SIZE["small"], colour="#616161")
    return "<" + _table([[f"<TD>{r}</TD>"] for r in rows], spacing=1) + ">"


def _table(rows: list[list[str]], spacing: int = 3) -> str:
    """A borderless HTML-like table from rows of ``<TD>`` cells."""
    body = "".join(f"<TR>{''.join(cells)}</TR>" for cells in rows)
    return f'<TABLE BORDER="0" CELLSPACING="{spacing}" CELLPADDING="2">{body}</TABLE>'


def footer(g, flow, lang: str) -> str:
    """The source line: the guideline (authors and title) and what this chart draws on."""
    w = words(lang)
    refs = w["list"].join([recs_text(flow.recommendations, lang), *figures(flow.source, lang)])
    return (f"{w['source']}{w['sep']}{short_citation(g.citation.get(lang))} "
            f"{w['chart']}{w['sep']}{refs}")
