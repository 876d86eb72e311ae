"""Quantities with units (``"4.8 g/L"``), converted with pint; pint loads on first use only."""

from __future__ import annotations

import re
from functools import lru_cache

# Words of lab reports that name what is counted, not a unit: "4 cells/uL", "4 个/μL".
_COUNTED = re.compile(r"\b(cells?|counts?)\b|个")
_REPLACE = (("μ", "u"), ("µ", "u"), ("×", "*"), ("^", "**"), ("％", "%"), ("³", "3"))
_CUBED = re.compile(r"\b(mm|cm|dm|m)3\b")  # "/mm3" in lab reports is per cubic millimetre


@lru_cache(maxsize=1)
def _registry():
    import pint

    # No cache_folder: pint's own pickle cache (~/.cache/pint) would be loaded on every run
    # without the ownership checks of ours; pint loads only for units without a stored factor.
    registry = pint.UnitRegistry()
    registry.define("mo = month")
    registry.define("wk = week")
    return registry


def normalise(text: str) -> str:
    """Rewrite lab-report spellings into pint's.

    >>> normalise("4 个/μL")
    '4 /uL'
    """
    for old, new in _REPLACE:
        text = text.replace(old, new)
    text = _CUBED.sub(r"\1**3", _COUNTED.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?)\s*(\S.*)$")
# One unit expression and nothing else: unit names (with a one-digit power), joined by "/", "*",
# "·" or a space, an optional leading "/" ("4 /uL") and an optional "* 10**N" (x10^9/L). No bare
# numbers, so "4.8 g/L * 0", "4.8 g/L 2" and "9**9**9 mg/dL" are refused, never computed.
_NAME = r"(?:[A-Za-z]+|%)(?:\*\*-?\d)?"
_UNIT = re.compile(rf"^(?:\*\s*10\*\*-?\d{{1,2}}\s*)?/?\s*{_NAME}(?:\s*[/*·]?\s*{_NAME})*$")


def unit_key(unit_text: str) -> str:
    """A unit as written, normalised for lookup: ``unit_key("cells / μL") == "/uL"``."""
    return normalise(unit_text).replace(" ", "")


def split(text: str) -> tuple[float, str] | None:
    """``(magnitude, unit key)`` of one number followed by one unit expression, else None.

    >>> split("4.8 g/L")
    (4.8, 'g/L')
    >>> split("4,8 g/L") is None, split("4.8 g/L * 0") is None
    (True, True)
    """
    match = _QUANTITY.match(normalise(text))
    if match is None or not _UNIT.match(match.group(2)):
        return None
    return float(match.group(1)), unit_key(match.group(2))


def exact(value: float) -> float:
    """Round away float noise (200 /uL -> 199.99999999999997 /mm3) so boundaries hold."""
    return float(f"{value:.12g}")


def convert(text: str, unit: str) -> float:
    """The magnitude of quantity ``text`` (one number, one unit) in ``unit``; ValueError with a
    hint when it is not of that form or cannot be converted. Nothing is evaluated as arithmetic."""
    parts = split(text)
    if parts is None:
        raise ValueError(_form_hint(text, unit))
    magnitude, unit_text = parts
    return exact(magnitude * factor(unit_text, unit, text))


def _form_hint(text: str, unit: str) -> str:
    shown = repr(text) if len(text) <= 40 else repr(text[:30] + "...")
    comma = re.match(r"^\s*[+-]?\d+,\d+", text)
    hint = ("a decimal comma? write a decimal point, e.g. 4.8 g/L" if comma else
            f"give one number and one unit, e.g. 4.8 g/L, or a number in {unit}")
    return f"{shown} is not a number or a quantity with a unit ({hint})"


def factor(unit_text: str, unit: str, shown: str | None = None) -> float:
    """How many ``unit`` one ``unit_text`` is, by pint (``factor("g/L", "mg/dL") == 100``)."""
    import pint

    registry = _registry()
    shown = repr(shown if shown is not None else unit_text)
    try:
        return float(registry.Quantity(f"1 {normalise(unit_text)}").to(unit).magnitude)
    except pint.DimensionalityError:
        raise ValueError(f"{shown} cannot be converted to {unit}") from None
    except (pint.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, SyntaxError, AssertionError, KeyError):
        raise ValueError(f"{shown}: unknown unit (e.g. g/L, mg/dL, /uL, %, kg)") from None
