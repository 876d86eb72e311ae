"""Turn a raw patient value into a fact's typed value, or say exactly why it cannot be."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .model import Fact

_TRUE = {"true", "yes", "y", "1", "是", "有", "真"}
_FALSE = {"false", "no", "n", "0", "否", "无", "假"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def suggest(word: str, choices) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    # Prefer a choice with the same letters (a transposition: 'hvb' -> 'hbv', not 'hcv').
    same = [c for c in close if sorted(c.lower()) == sorted(str(word).lower())]
    return f" (did you mean {(same or close)[0]!r}?)"


def coerce(fact: Fact, raw):
    """The typed value of ``raw`` for ``fact``; ValueError with a one-line reason otherwise."""
    return _COERCE[fact.type](fact, raw)


def _bool(fact: Fact, raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{raw!r} is not a yes/no value (use true or false)")


def _enum(fact: Fact, raw) -> str:
    text = str(raw).strip()
    for value in fact.values:
        names = {value.id, value.label.en, value.label.zh, *value.aliases}
        if text.lower() in {n.lower() for n in names}:
            return value.id
    allowed = ", ".join(fact.value_ids())
    return _raise(f"{raw!r} is not one of {allowed}{suggest(text, fact.value_ids())}")


def _number(fact: Fact, raw) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number")
    try:
        if isinstance(raw, int | float):
            value = float(raw)
        elif isinstance(raw, str) and len(raw) > 100:
            raise ValueError(f"{_short(raw)} is not a number or a quantity with a unit")
        elif _NUMBER.match(str(raw).strip()):
            value = float(str(raw).strip())
        elif isinstance(raw, str) and fact.unit:
            value = _quantity(fact, raw)
        else:
            raise ValueError(f"{raw!r} is not a number")
    except OverflowError:
        raise ValueError(f"{_short(raw)} is too large a number") from None
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{_short(raw)} is too large a number")
    return _in_range(fact, value)


def _short(raw) -> str:
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 40 else f"{text[:30]}...({len(text)} characters)"


def _quantity(fact: Fact, raw: str) -> float:
    """A quantity in the fact's unit: a common unit by its stored factor, any other by pint."""
    from .units import convert, exact, split

    parts = split(raw) if fact.factors else None
    if parts is not None:
        for key, factor in fact.factors:
            if key == parts[1]:
                return exact(parts[0] * factor)
    return convert(raw, fact.unit)


def _in_range(fact: Fact, value: float) -> float:
    if value != value:  # NaN
        raise ValueError("is not a number")
    unit = f" {fact.unit}" if fact.unit else ""
    if fact.minimum is not None and value < fact.minimum:
        raise ValueError(f"{_fmt(value)}{unit} is below the smallest allowed value {_fmt(fact.minimum)}")
    if fact.maximum is not None and value > fact.maximum:
        raise ValueError(f"{_fmt(value)}{unit} is above the largest allowed value {_fmt(fact.maximum)}")
    if fact.integer and not value.is_integer():
        raise ValueError(f"{_fmt(value)} is not a whole number")
    return value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _date(fact: Fact, raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    else:
        try:
            day = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValueError(f"{_short(raw)} is not a date in ISO 8601 form (YYYY-MM-DD)") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{day.isoformat()} is outside the dates this tool plans with "
                         f"({FIRST_DATE.year}-{LAST_DATE.year})")
    return day


def _raise(message: str):
    raise ValueError(message)


def _count(fact: Fact, raw):
    raise ValueError("is computed from other facts and cannot be given")


_COERCE = {"bool": _bool, "enum": _enum, "number": _number, "date": _date, "count": _count}
