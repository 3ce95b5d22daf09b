"""Xero's manual journals -> Odoo journal entries: pure, no database."""

from decimal import Decimal

import pytest

from xero_connector.sync import records
from xero_connector.sync.mappers import pull as pull_mappers


class Resolve:
    def account(self, code):
        if code not in {"416", "711", "477", "800"}:
            raise pull_mappers.Unmapped("unmapped_account", code)
        return int(code)

    def tax_account(self, tax_type, debit):
        if tax_type != "INPUT":
            raise pull_mappers.Unmapped("unmapped_tax", tax_type)
        return 99 if debit else 98

    def analytic(self, tracking):
        return {"5": 100.0} if tracking else {}


def journal(lines, **extra):
    record = records.read_one("manual_journals", {
        "ManualJournalID": "mj1", "Narration": "Depreciation for the month", "Status": "POSTED",
        "Date": "/Date(1774915200000+0000)/", "DateString": "2026-03-31T00:00:00",
        "UpdatedDateUTC": "/Date(1774915200000+0000)/", "JournalLines": lines, **extra})
    assert not isinstance(record, records.Unreadable), record
    return record


def amounts(vals):
    return [(v["account_id"], v["debit"], v["credit"]) for _a, _b, v in vals["line_ids"]]


def test_seeded_journal_books_a_debit_and_a_credit():
    vals = pull_mappers.manual_journal_values(journal([
        {"LineAmount": 350.0, "AccountCode": "416", "Description": "Monthly entry", "TaxType": "NONE",
         "TaxAmount": 0.0},
        {"LineAmount": -350.0, "AccountCode": "711", "Description": "Monthly entry"},
    ]), Resolve())
    assert vals["move_type"] == "entry"
    assert (vals["xero_id"], vals["xero_status"], vals["ref"]) == ("mj1", "POSTED", "Depreciation for the month")
    assert str(vals["date"]) == "2026-03-31"
    assert amounts(vals) == [(416, 350.0, 0.0), (711, 0.0, 350.0)]
    assert vals["line_ids"][0][2]["name"] == "Monthly entry"


def test_tax_goes_to_the_tax_account_exclusive_and_inclusive():
    exclusive = pull_mappers.manual_journal_values(journal([
        {"LineAmount": 100.0, "AccountCode": "477", "TaxType": "INPUT", "TaxAmount": 10.0},
        {"LineAmount": -110.0, "AccountCode": "800"},
    ], LineAmountTypes="Exclusive"), Resolve())
    assert amounts(exclusive) == [(477, 100.0, 0.0), (99, 10.0, 0.0), (800, 0.0, 110.0)]
    inclusive = pull_mappers.manual_journal_values(journal([
        {"LineAmount": 110.0, "AccountCode": "477", "TaxType": "INPUT", "TaxAmount": 10.0,
         "Tracking": [{"Name": "Region", "Option": "North"}]},
        {"LineAmount": -110.0, "AccountCode": "800"},
    ], LineAmountTypes="Inclusive"), Resolve())
    assert amounts(inclusive) == [(477, 100.0, 0.0), (99, 10.0, 0.0), (800, 0.0, 110.0)]
    assert inclusive["line_ids"][0][2]["analytic_distribution"] == {"5": 100.0}
    assert "analytic_distribution" not in inclusive["line_ids"][1][2]


@pytest.mark.parametrize("line, code", [
    ({"LineAmount": -350.0, "AccountCode": "999"}, "unmapped_account"),
    ({"LineAmount": -318.18, "AccountCode": "711", "TaxType": "OUTPUT", "TaxAmount": -31.82}, "unmapped_tax"),
])
def test_unmapped_account_or_tax_raises(line, code):
    with pytest.raises(pull_mappers.Unmapped) as caught:
        pull_mappers.manual_journal_values(journal([{"LineAmount": 350.0, "AccountCode": "416"}, line],
                                                   LineAmountTypes="Exclusive"), Resolve())
    assert caught.value.code == code


def test_unbalanced_to_the_cent_raises_and_zero_lines_are_left_out():
    with pytest.raises(pull_mappers.Unbalanced) as caught:
        pull_mappers.manual_journal_values(journal([
            {"LineAmount": 350.01, "AccountCode": "416"}, {"LineAmount": -350.0, "AccountCode": "711"}]), Resolve())
    assert (caught.value.debits, caught.value.credits) == (Decimal("350.01"), Decimal("350.00"))
    vals = pull_mappers.manual_journal_values(journal([
        {"LineAmount": 5, "AccountCode": "416"}, {"LineAmount": 0, "AccountCode": "999"},
        {"LineAmount": -5, "AccountCode": "711"}]), Resolve())
    assert len(vals["line_ids"]) == 2


def test_draft_status_and_unreadable_amount():
    assert journal([], Status="DRAFT").status == "DRAFT"
    bad = records.read_one("manual_journals", {"ManualJournalID": "mj2", "Narration": "x", "Status": "POSTED",
                                               "JournalLines": [{"LineAmount": "lots", "AccountCode": "416"}]})
    assert isinstance(bad, records.Unreadable)
