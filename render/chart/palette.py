"""The verdict colours as the charts, the site and the report use them: the text colour a chip
needs, a line colour that shows on white, and WCAG contrast to check both."""

from __future__ import annotations

WHITE = "#ffffff"
INK = "#1f2328"  # the darkest text of the site and report; charts use it on verdict tints
MIN_TEXT_CONTRAST = 4.5  # WCAG 2 AA for normal text
MIN_LINE_CONTRAST = 3.0  # WCAG 2 non-text contrast, for borders and swatches


def _channel(c: int) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` (or ``#rgb``) as three 0-255 integers.

    >>> rgb("#f59e0b"), rgb("#fff")
    ((245, 158, 11), (255, 255, 255))
    """
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1), round(contrast("#1f6d60", WHITE), 2)
    (21.0, 6.15)
    """
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(colour: str) -> str:
    """White or ink, whichever reads better on ``colour`` (a chip's text).

    >>> text_on("#73000a"), text_on("#f59e0b")
    ('#ffffff', '#1f2328')
    """
    return WHITE if contrast(colour, WHITE) >= contrast(colour, INK) else INK


def line_of(colour: str) -> str:
    """``colour`` darkened just enough to show on white as a border (3:1 or more).

    >>> line_of("#1f6d60"), line_of("#e5d045")
    ('#1f6d60', '#a39431')
    """
    return _darkened(colour, WHITE, MIN_LINE_CONTRAST)


def readable_on(colour: str, background: str = WHITE) -> str:
    """``colour`` darkened just enough to read as text on ``background`` (4.5:1 or more).

    >>> readable_on("#1f6d60"), readable_on("#f59e0b")
    ('#1f6d60', '#a46a07')
    """
    return _darkened(colour, background, MIN_TEXT_CONTRAST)


def _darkened(colour: str, background: str, ratio: float) -> str:
    """The lightest shade of ``colour`` (in steps of 1 %) with ``ratio`` against ``background``."""
    r, g, b = rgb(colour)
    for step in range(0, 101):
        keep = 1 - step / 100
        shade = "#" + "".join(f"{round(c * keep):02x}" for c in (r, g, b))
        if contrast(shade, background) >= ratio:
            return shade
    return "#000000"


def css_vars(colour: str, soft: str = WHITE) -> str:
    """The CSS custom properties a verdict chip or heading is drawn with: ``--verdict`` (the
    colour), ``--verdict-ink`` (text on it) and ``--verdict-text`` (the colour as text on
    ``soft``). One source for the site's and the report's chips.

    >>> css_vars("#73000a")
    '--verdict: #73000a; --verdict-ink: #ffffff; --verdict-text: #73000a'
    """
    return (f"--verdict: {colour}; --verdict-ink: {text_on(colour)}; "
            f"--verdict-text: {readable_on(colour, soft)}")
