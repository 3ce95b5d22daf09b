"""The reverse of the tax mapping (Odoo tax -> Xero tax type), pure: one answer per Odoo tax,
never a guess, and a round trip once the choices are made."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync.mappers import publish as pm
from xero_connector.sync.tax_rules import TAX_RULES, RateRow, publish_types

TYPES = ["OUTPUT2", "INPUT2", "ZERORATED", "NONE", "GSTONIMPORTS", "EXEMPTOUTPUT", "ECZROUTPUT"]
rows = st.lists(
    st.builds(RateRow, st.sampled_from(TYPES), st.booleans(), st.one_of(st.none(), st.integers(1, 4)),
              st.one_of(st.none(), st.integers(11, 14)), st.booleans(), st.booleans()),
    max_size=8, unique_by=lambda r: r.tax_type)  # a tax type is one rate per organisation
charts = st.dictionaries(st.integers(1, 20), st.sampled_from(TYPES), max_size=5)


def candidates(rates, tax):
    return {r.tax_type for r in rates if tax in (r.sale_tax, r.purchase_tax)}


def choose_one(rates, seed):
    """Every shared Odoo tax gets exactly one rate ticked "send this one" (an active one)."""
    rng = random.Random(seed)
    pick = {}
    for tax in {t for r in rates for t in (r.sale_tax, r.purchase_tax) if t}:
        active = sorted(r.tax_type for r in rates if r.active and tax in (r.sale_tax, r.purchase_tax))
        pool = active or sorted(candidates(rates, tax))
        pick[tax] = rng.choice(pool)
    return [r._replace(send_sale=bool(r.sale_tax) and pick[r.sale_tax] == r.tax_type,
                       send_purchase=bool(r.purchase_tax) and pick[r.purchase_tax] == r.tax_type)
            for r in rates], pick


@given(rows, charts)
def test_one_answer_or_none_never_a_guess(rates, chart):
    result = publish_types(rates, chart)
    assert not set(result.types) & set(result.undecided)
    mapped = {t for r in rates for t in (r.sale_tax, r.purchase_tax) if t}
    assert set(result.types) | set(result.undecided) == mapped | set(chart)
    for tax, tax_type in result.types.items():
        # the answer is a rate that maps to this tax; the chart only speaks for taxes no rate maps
        assert tax_type in candidates(rates, tax) if tax in mapped else tax_type == chart[tax]
    for tax, choices in result.undecided.items():
        assert len(choices) > 1 and set(choices) <= candidates(rates, tax)
        assert choices == result.shared[tax]


@given(rows, charts, st.randoms())
def test_the_order_of_the_rates_does_not_matter(rates, chart, rnd):
    shuffled = list(rates)
    rnd.shuffle(shuffled)
    assert publish_types(shuffled, chart) == publish_types(rates, chart)


@given(rows, st.integers(0, 10**6))
def test_once_chosen_every_tax_has_its_chosen_type(rates, seed):
    chosen, pick = choose_one(rates, seed)
    result = publish_types(chosen)
    assert not result.undecided
    assert result.types == pick


@given(st.lists(st.sampled_from(TYPES), unique=True), st.booleans())
def test_round_trip_when_each_rate_has_its_own_taxes(types, active):
    """Xero type -> Odoo tax -> Xero type, and Odoo tax -> Xero type -> Odoo tax."""
    rates = [RateRow(t, active, 100 + i, 200 + i) for i, t in enumerate(types)]
    forward = {r.tax_type: (r.sale_tax, r.purchase_tax) for r in rates}
    result = publish_types(rates)
    assert not result.undecided and not result.shared
    for tax_type, (sale, purchase) in forward.items():
        assert result.types[sale] == result.types[purchase] == tax_type
    for tax, tax_type in result.types.items():
        assert tax in forward[tax_type]


def test_nz_zero_rated_and_no_gst_on_one_tax_are_held_until_chosen():
    """The case seen: NZ's No GST and Zero Rated both on Odoo's 0% export tax."""
    rates = [RateRow("OUTPUT2", True, 1, None), RateRow("ZERORATED", True, 2, 12),
             RateRow("NONE", True, 2, 12)]
    result = publish_types(rates)
    assert result.types == {1: "OUTPUT2"}
    assert result.undecided == {2: ["NONE", "ZERORATED"], 12: ["NONE", "ZERORATED"]}
    rates[1] = rates[1]._replace(send_sale=True)
    result = publish_types(rates)
    assert result.types == {1: "OUTPUT2", 2: "ZERORATED"}  # sales: exports are zero-rated
    assert result.undecided == {12: ["NONE", "ZERORATED"]}  # purchases: still to choose
    assert result.shared == {2: ["NONE", "ZERORATED"], 12: ["NONE", "ZERORATED"]}


def test_an_archived_rate_gives_way_to_an_active_one():
    rates = [RateRow("ZERORATED", True, 2, None), RateRow("OLDZERO", False, 2, None, send_sale=True)]
    assert publish_types(rates).types == {2: "ZERORATED"}
    assert publish_types([rates[1]]).types == {2: "OLDZERO"}  # nothing else: the archived one


def test_rules_are_a_function_per_country():
    """The chart rules give each Odoo tax of a country's chart one Xero tax type."""
    for country, rules in TAX_RULES.items():
        for use in (0, 1):
            suffixes = [pair[use] for pair in rules.values() if pair[use]]
            assert len(suffixes) == len(set(suffixes)), (country, use)


def test_a_document_with_a_tax_still_to_choose_is_held_with_the_reason():
    line = {"name": "Export", "quantity": 1, "price_unit": 250.0, "discount": 0.0, "account_id": 1, "tax_ids": [7],
            "analytic_distribution": {}}
    doc = {"move_type": "out_invoice", "name": "INV/1", "ref": "", "payment_reference": "", "date": "2026-10-03",
           "due_date": None, "currency": "NZD", "rate": 1.0, "contact_id": "c-1", "token": "t", "url": "u",
           "lines": [line]}
    ctx = {"accounts": {1: "200"}, "tracking": {}, "base_currency": "NZD", "status": "AUTHORISED",
           "taxes": {7: {"tax_type": None, "price_include": False, "name": "0% EX",
                         "choices": ["No GST", "Zero Rated"]}}}
    with pytest.raises(pm.Unpublishable) as held:  # never sent with a guess
        pm.document_payload(doc, ctx)
    assert held.value.message == ("tax 0% EX stands for several Xero tax rates (No GST, Zero Rated): choose the one "
                                  "to send in Xero > Mappings > Tax Rates")
    ctx["taxes"][7].update(tax_type="ZERORATED", choices=[])
    assert pm.document_payload(doc, ctx)["LineItems"][0]["TaxType"] == "ZERORATED"
