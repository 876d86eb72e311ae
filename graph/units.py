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

    try:  # pint's own cache of its parsed definitions (~/.cache/pint) saves ~0.2 s a run
        registry = pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # noqa: BLE001 - an unusable cache only costs speed
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


_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*)$")


def unit_key(unit_text: str) -> str:
    """A unit as written, normalised for lookup: ``unit_key("cells / μL") == "/uL"``."""
    return normalise(unit_text).replace(" ", "")


def split(text: str) -> tuple[float, str] | None:
    """``(magnitude, unit key)`` of a simple quantity such as ``"4.8 g/L"``, else None."""
    match = _QUANTITY.match(normalise(text))
    return (float(match.group(1)), unit_key(match.group(2))) if match else None


def exact(value: float) -> float:
    """Round away float noise (200 /uL -> 199.99999999999997 /mm3) so boundaries hold."""
    return float(f"{value:.12g}")


def factor(unit_text: str, unit: str) -> float:
    """How many ``unit`` one ``unit_text`` is, by pint (``factor("g/L", "mg/dL") == 100``)."""
    return float(_registry().Quantity(f"1 {normalise(unit_text)}").to(unit).magnitude)


def convert(text: str, unit: str) -> float:
    """The magnitude of quantity ``text`` in ``unit``; ValueError when it cannot be read or converted."""
    import pint

    registry = _registry()
    try:
        quantity = registry.Quantity(normalise(text))
        if quantity.dimensionless and not registry.Quantity(unit).dimensionless:
            raise ValueError(f"{text!r} has no unit; give a number in {unit} or a quantity")
        return exact(quantity.to(unit).magnitude)
    except pint.DimensionalityError:
        raise ValueError(f"{text!r} cannot be converted to {unit}") from None
    except (pint.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, SyntaxError, ValueError, AssertionError) as exc:
        if isinstance(exc, ValueError) and "cannot be converted" in str(exc):
            raise
        raise ValueError(f"{text!r} is not a number or a quantity with a unit") from None
