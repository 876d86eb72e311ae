"""Quantities with units (``"4.8 g/L"``), converted with pint; pint loads on first use only."""

from __future__ import annotations

import re
from functools import lru_cache

# Words of lab reports that name what is counted, not a unit: "4 cells/uL", "4 个/μL".
_COUNTED = re.compile(r"\b(cells?|counts?)\b|个")
_REPLACE = (("μ", "u"), ("µ", "u"), ("×", "*"), ("^", "**"), ("％", "%"))


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
    return re.sub(r"\s+", " ", _COUNTED.sub("", text)).strip()


def convert(text: str, unit: str) -> float:
    """The magnitude of quantity ``text`` in ``unit``; ValueError when it cannot be read or converted."""
    import pint

    registry = _registry()
    try:
        quantity = registry.Quantity(normalise(text))
        if quantity.dimensionless and not registry.Quantity(unit).dimensionless:
            raise ValueError(f"{text!r} has no unit; give a number in {unit} or a quantity")
        # Round away float noise (200 /uL -> 199.99999999999997 /mm3) so boundaries hold.
        return float(f"{quantity.to(unit).magnitude:.12g}")
    except pint.DimensionalityError:
        raise ValueError(f"{text!r} cannot be converted to {unit}") from None
    except (pint.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, SyntaxError, ValueError, AssertionError) as exc:
        if isinstance(exc, ValueError) and "cannot be converted" in str(exc):
            raise
        raise ValueError(f"{text!r} is not a number or a quantity with a unit") from None
