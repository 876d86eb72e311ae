"""The verdict palette (flows/data/guideline.yaml, one source for the charts, the site and the
report): an order from green through amber to red, told apart with colour-blindness, and text
on every chip at 4.5:1 or more (WCAG 2 AA)."""

from __future__ import annotations

import colorsys
import doctest

import pytest

from flows import guideline
from render.chart import palette

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", severity 1.0 matrices, applied to linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
MIN_DELTA_E = 10  # CIE76: colours this far apart are told apart at a glance


def verdicts():
    return guideline().verdicts


def lab(linear) -> tuple[float, float, float]:
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, kind: str) -> tuple[float, float, float]:
    linear = [palette._channel(c) for c in palette.rgb(colour)]
    m = CVD[kind]
    return lab([min(1.0, max(0.0, sum(m[i][j] * linear[j] for j in range(3))))
                for i in range(3)])


def test_doctests():
    import render.chart.palette

    assert doctest.testmod(render.chart.palette).failed == 0


def test_colours_read_as_an_order_red_amber_green():
    # guideline.yaml lists the verdicts from most to least restrictive.
    hues = {v.id: colorsys.rgb_to_hsv(*(c / 255 for c in palette.rgb(v.colour)))[0] * 360
            for v in verdicts()}
    reds = ("contraindicated", "stop", "not_recommended")
    assert all(h >= 345 or h <= 25 for h in (hues[v] for v in reds)), hues
    assert all(30 <= hues[v] <= 60 for v in ("defer", "consider")), hues
    assert all(95 <= hues[v] <= 180 for v in ("proceed_with_precautions", "proceed")), hues
    # within the reds, the most restrictive is the darkest
    lum = [palette.luminance(next(v.colour for v in verdicts() if v.id == r)) for r in reds]
    assert lum == sorted(lum)


@pytest.mark.parametrize("kind", sorted(CVD))
def test_every_two_verdicts_stay_apart_with_colour_blindness(kind):
    colours = [(v.id, seen(v.colour, kind)) for v in verdicts()]
    for i, (a, la) in enumerate(colours):
        for b, lb in colours[i + 1:]:
            delta = sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5
            assert delta >= MIN_DELTA_E, (kind, a, b, round(delta, 1))


def test_chip_text_heading_text_and_lines_have_enough_contrast():
    from render.report.view import SOFT

    for v in verdicts():
        assert palette.contrast(v.colour, palette.text_on(v.colour)) >= 4.5, v.id
        assert palette.contrast(palette.readable_on(v.colour, SOFT), SOFT) >= 4.5, v.id
        assert palette.contrast(palette.line_of(v.colour), palette.WHITE) >= 3, v.id
