"""Calendar arithmetic of dated plans (design §9): calendar months clamped to month end, weeks of 7 days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.schedule import Offset, Rule, add_months, expand, occurrences

D = dt.date


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2025, 8, 31), 6, D(2026, 2, 28)),    # design §9: 31 Aug + 6 months is 28 Feb
    (D(2023, 8, 31), 6, D(2024, 2, 29)),    # ... or 29 Feb in a leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),   # a leap day a year on
    (D(2024, 2, 29), 48, D(2028, 2, 29)),   # four years on, a leap day again
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2025, 3, 31), 1, D(2025, 4, 30)),
    (D(2025, 3, 31), -1, D(2025, 2, 28)),   # "1 month before" clamps too
    (D(2025, 11, 30), 3, D(2026, 2, 28)),   # across a year end
    (D(2025, 1, 15), -1, D(2024, 12, 15)),  # backwards across a year end
    (D(2025, 8, 31), 0, D(2025, 8, 31)),
    (D(2025, 8, 31), 12, D(2026, 8, 31)),
], ids=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_weeks_are_seven_days_and_months_come_first():
    day1 = D(2025, 8, 31)
    assert Offset(weeks=-4).apply(day1) == D(2025, 8, 3)
    assert Offset(days=14).apply(day1) == D(2025, 9, 14)  # day 15 is day 1 + 14 days
    assert Offset(months=1, days=1).apply(D(2025, 1, 31)) == D(2025, 3, 1)


def test_repeats_count_from_the_anchor_never_from_the_previous_date():
    """Every 6 months from 31 Aug: 28 Feb, then 31 Aug again (not 28 Aug)."""
    rule = Rule("dose", "day1", at=(Offset(), Offset(days=14), Offset(months=6)),
                every=Offset(months=6))
    dates = expand([rule], {"day1": D(2025, 8, 31)}, D(2027, 3, 1))["dose"]
    assert dates == [D(2025, 8, 31), D(2025, 9, 14), D(2026, 2, 28), D(2026, 8, 31),
                     D(2027, 2, 28)]


def test_windows_between_consecutive_anchor_dates_and_empty_ones_dropped():
    """>= 12 weeks after one date and >= 4 weeks before the next; day 1 -> day 15 has no room."""
    doses = Rule("dose", "day1", at=(Offset(), Offset(days=14), Offset(months=6)),
                 every=Offset(months=6))
    window = Rule("window", "dose", window=(Offset(weeks=12), Offset(weeks=-4)))
    found = occurrences([window, doses], {"day1": D(2025, 8, 31)}, D(2026, 8, 31))
    spans = [(o.start, o.end) for o in found if o.rule == "window"]
    assert spans == [(D(2025, 12, 7), D(2026, 1, 31)), (D(2026, 5, 23), D(2026, 8, 3))]


def test_occurrences_stop_at_the_horizon_and_keep_rule_order_on_a_day():
    rules = [Rule("check", "dose"), Rule("dose", "day1", at=(Offset(), Offset(days=14)))]
    found = occurrences(rules, {"day1": D(2025, 8, 31)}, D(2025, 9, 1))
    assert [(o.rule, o.start, o.number) for o in found] == [
        ("check", D(2025, 8, 31), 1), ("dose", D(2025, 8, 31), 1)]


def test_span_to_an_end_offset():
    rule = Rule("combo", "day1", at=(Offset(months=3),), to=Offset(months=6))
    assert expand([rule], {"day1": D(2025, 8, 31)}, D(2026, 8, 31))["combo"] == [
        (D(2025, 11, 30), D(2026, 2, 28))]


def test_unknown_or_circular_anchor_and_backward_repeat_are_refused():
    with pytest.raises(ValueError, match="unknown or circular"):
        expand([Rule("a", "b"), Rule("b", "a")], {"day1": D(2025, 1, 1)}, D(2026, 1, 1))
    with pytest.raises(ValueError, match="unknown or circular"):
        expand([Rule("a", "nowhere")], {"day1": D(2025, 1, 1)}, D(2026, 1, 1))
    with pytest.raises(ValueError, match="move forward"):
        expand([Rule("a", "day1", every=Offset(months=-1))], {"day1": D(2025, 1, 1)},
               D(2026, 1, 1))


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
       st.integers(min_value=-600, max_value=600))
def test_add_months_lands_in_the_right_month_and_never_overflows(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + dt.timedelta(1)).day == 1)
