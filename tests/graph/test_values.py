"""Patient values: quantities with units, the Chinese words of lab reports, ranges (design §2, §5)."""

import datetime as dt

import pytest

import flows
from graph.values import coerce

G = flows.guideline()


@pytest.mark.parametrize("fact,raw,expected", [
    ("serum_igg_mg_dl", "4.8 g/L", 480.0),
    ("serum_igg_mg_dl", "5 g/L", 500.0),
    ("serum_igg_mg_dl", 499, 499.0),
    ("serum_igg_mg_dl", "820", 820.0),
    ("cd20_b_cells_per_ul", "4 cells/uL", 4.0),
    ("cd20_b_cells_per_ul", "4 个/μL", 4.0),
    ("cd4_per_mm3", "199 /uL", 199.0),
    ("weight_kg", "37.5 kg", 37.5),
    ("weight_kg", "82.67 lb", pytest.approx(37.5, abs=0.01)),
    ("hbsag", "阳性", "positive"),
    ("hbsag", "阴性", "negative"),
    ("hbsag", "Positive", "positive"),
    ("hbsag", "(+)", "positive"),
    ("tb_screen", "不确定", "indeterminate"),
    ("prior_therapy", "利妥昔单抗", "rituximab"),
    ("active_infection", "是", True),
    ("active_infection", "false", False),
    ("first_infusion_date", "2025-03-01", dt.date(2025, 3, 1)),
])
def test_accepted_values(fact, raw, expected):
    assert coerce(G.facts[fact], raw) == expected


@pytest.mark.parametrize("fact,raw,message", [
    ("hbsag", "posative", "'posative' is not one of positive, negative (did you mean 'positive'?)"),
    ("age_years", -1, "-1 year is below the smallest allowed value 0"),
    ("age_years", 200, "above the largest allowed value 130"),
    ("serum_igg_mg_dl", "5 kg", "cannot be converted to mg/dL"),
    ("serum_igg_mg_dl", "lots", "is not a number or a quantity with a unit"),
    ("immunosuppressant_count", 1.5, "is not a whole number"),
    ("active_infection", "maybe", "is not a yes/no value"),
    ("first_infusion_date", "01/03/2025", "is not a date in ISO 8601 form"),
    ("age_years", True, "is not a number"),
    ("pcp_risk_factor_count", 2, "computed from other facts"),
])
def test_rejected_values_say_why(fact, raw, message):
    with pytest.raises(ValueError) as err:
        coerce(G.facts[fact], raw)
    assert message in str(err.value)


@pytest.mark.parametrize("fact,raw,expected", [
    ("cd4_per_mm3", "200 /uL", 200.0),
    ("serum_igg_mg_dl", "5.00 g/L", 500.0),
    ("cd20_b_cells_per_ul", "4e6/L", 4.0),
])
def test_converted_boundaries_stay_exact(fact, raw, expected):
    assert coerce(G.facts[fact], raw) == expected


COMMON = [(name, key) for name, fact in G.facts.items() for key, _ in fact.factors]


@pytest.mark.parametrize("name,key", COMMON, ids=[f"{n}-{k}" for n, k in COMMON])
def test_stored_factors_agree_with_pint(name, key):
    from graph.units import convert

    fact = G.facts[name]
    for magnitude in (0, 0.5, 4, 4.99, 12, 37.5, 199, 500):
        text = f"{magnitude} {key}"
        try:
            expected = convert(text, fact.unit)
        except ValueError:
            continue
        lo, hi = fact.minimum or 0, fact.maximum
        if lo <= expected <= (hi if hi is not None else expected):
            assert coerce(fact, text) == expected, text


def test_a_common_quantity_does_not_load_pint(tmp_path):
    import subprocess
    import sys

    code = ("import sys, flows; from graph.values import coerce; g = flows.guideline(); "
            "v = coerce(g.facts['serum_igg_mg_dl'], '9.8 g/L'); "
            "print(v, 'pint' in sys.modules)")
    env = {"NMOSD_FLOW_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                          capture_output=True, text=True).stdout.split()
    assert warm == ["980.0", "False"]
