"""Books agree: the comparisons are pure (no database): Xero's trial balance read back, and each
kind of difference found with its reason."""

from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync.books.check import read_xero_only
from xero_connector.sync.books.compare import (
    OdooDoc,
    XeroDoc,
    compare_accounts,
    compare_contacts,
    compare_documents,
    read_trial_balance,
    xero_dues,
)

D = Decimal


def report(rows):
    """Xero's TrialBalance shape from [(account id, label, balance)]."""
    def cells(account_id, values):
        return [{"Value": v, "Attributes": [{"Value": account_id, "Id": "account"}]} for v in values]

    body = [{"RowType": "Row", "Cells": cells(a, [label, "", "", f"{b:.2f}" if b > 0 else "",
                                                  f"{-b:.2f}" if b < 0 else ""])} for a, label, b in rows]
    return {"Rows": [{"RowType": "Header", "Cells": [{"Value": v} for v in
                                                     ("Account", "Debit", "Credit", "YTD Debit", "YTD Credit")]},
                     {"RowType": "Section", "Title": "Assets", "Rows": body},
                     {"RowType": "Section", "Title": "", "Rows": [{"RowType": "SummaryRow", "Cells": []}]}]}


cents = st.integers(min_value=-10**9, max_value=10**9).map(lambda c: D(c) / 100)


@given(st.dictionaries(st.uuids().map(str), cents, max_size=20))
def test_trial_balance_reads_back_what_it_says(balances):
    found, problems = read_trial_balance(report([(a, f"A {a[:4]}", b) for a, b in balances.items()]))
    assert problems == []
    assert {a: b for a, (_label, b) in found.items()} == balances


def test_bad_rows_are_named_and_the_rest_still_count():
    good = report([("a1", "Sales (200)", D("-100.00"))])
    good["Rows"][1]["Rows"] += [
        {"RowType": "Row", "Cells": [{"Value": "No id (999)"}, {"Value": ""}, {"Value": ""}, {"Value": "5.00"},
                                     {"Value": ""}]},
        {"RowType": "Row", "Cells": [{"Value": v, "Attributes": [{"Value": "a2", "Id": "account"}]}
                                     for v in ("Text (300)", "", "", "ten", "")]},
    ]
    found, problems = read_trial_balance(good)
    assert found == {"a1": ("Sales (200)", D("-100.00"))}
    assert [p[0] for p in problems] == ["No id (999)", "Text (300)"]
    assert read_trial_balance({"Rows": []})[1] and read_trial_balance(None)[1]


def test_accounts_each_reason():
    balances = {"x-sales": ("Sales (200)", D("-100")), "x-new": ("New (201)", D("-5")),
                "x-bank": ("Bank (090)", D("110.02")), "x-ar": ("AR (610)", D("0"))}
    mapping = {"x-sales": 1, "x-new": None, "x-bank": 2, "x-ar": 3, "x-old": 4}
    odoo = {1: D("-100"), 2: D("110.00"), 3: D("40"), 4: D(0)}
    names = {1: "Sales", 2: "Bank", 3: "Receivable", 4: "Old"}
    found = {f.key: f for f in compare_accounts(balances, mapping, odoo, names)}
    assert found["x-new"].reason == "unmapped_account" and found["x-new"].xero == D(-5)
    assert found["x-bank"].reason == "rounding" and found["x-bank"].difference == D("-0.02")
    assert found["x-ar"].reason == "only_in_odoo"
    assert "x-sales" not in found and "x-old" not in found
    odoo[1] = D("-90")
    found = {f.key: f for f in compare_accounts(balances, mapping, odoo, names, hints=["not_synced"])}
    assert found["x-sales"].reason == "not_synced" and found["x-sales"].difference == D(10)


@given(st.lists(st.tuples(cents, cents), min_size=1, max_size=10))
def test_accounts_differences_add_up(pairs):
    balances = {f"x{n}": (f"A{n}", x) for n, (_o, x) in enumerate(pairs)}
    mapping = {f"x{n}": n + 1 for n in range(len(pairs))}  # Odoo ids start at 1
    odoo = {n + 1: o for n, (o, _x) in enumerate(pairs)}
    findings = compare_accounts(balances, mapping, odoo, {})
    assert sum(f.difference for f in findings) == sum(o - x for o, x in pairs)


SYNCED = datetime(2026, 3, 1, 12)


def xdoc(xero_id, total, due=None, status="AUTHORISED", kind="ACCREC", contact="c1", updated=SYNCED, rate=1):
    return XeroDoc(xero_id, kind, f"INV-{xero_id}", status, D(total), D(total if due is None else due), contact,
                   "Contact One", D(rate), updated)


def odoc(move_id, xero_id, total, due=None, state="posted", changed=SYNCED, published=False):
    return OdooDoc(move_id, f"INV/{move_id}", state, D(total), D(total if due is None else due), xero_id,
                   SYNCED, changed, published)


def test_documents_each_reason():
    later = datetime(2026, 3, 2)
    xero = {"same": xdoc("same", 100), "gone": xdoc("gone", 50), "wait": xdoc("wait", 70),
            "edited": xdoc("edited", 120, updated=later), "paid": xdoc("paid", 80, 0, "PAID"),
            "cent": xdoc("cent", "10.01"), "void": xdoc("void", 5, status="VOIDED"),
            "mine": xdoc("mine", 60)}
    odoo = {"same": odoc(1, "same", 100), "edited": odoc(2, "edited", 100), "paid": odoc(3, "paid", 80),
            "cent": odoc(4, "cent", 10), "mine": odoc(5, "mine", 65, changed=later, published=True),
            "deleted": odoc(6, "deleted", 30),
            "marked": OdooDoc(9, "INV/9", "posted", D(40), D(40), "marked", SYNCED, SYNCED, True, edited=True)}
    xero["marked"] = xdoc("marked", 45)
    only = [odoc(7, "", 12, published=True), odoc(8, "", 13)]
    found = {f.key: f for f in compare_documents(xero, odoo, pending_ids={"wait"}, odoo_only=only)}
    reasons = {k: f.reason for k, f in found.items()}
    assert reasons == {"gone": "not_synced", "wait": "pending_item", "edited": "changed_in_xero",
                       "paid": "different", "cent": "rounding", "mine": "changed_in_odoo",
                       "deleted": "missing_in_xero", "odoo:7": "not_synced", "odoo:8": "only_in_odoo",
                       "marked": "changed_in_odoo"}
    assert found["paid"].detail == "amount due" and found["paid"].difference == 80
    assert found["gone"].odoo is None and found["deleted"].xero is None


def test_contacts_from_open_documents_in_base_currency():
    docs = [xdoc("a", 110, kind="ACCREC"), xdoc("b", 10, kind="ACCRECCREDIT"),
            xdoc("c", 50, kind="ACCPAY", contact="s1"),
            xdoc("d", 99, status="PAID"), xdoc("e", 100, contact="c2", rate="0.5")]
    assert xero_dues(docs) == {"c1": D(100), "s1": D(-50), "c2": D(200)}
    odoo = {"c1": D(100), "s1": D(-40), "c2": D("200.03"), "c3": D(5)}
    names = {"c1": "One", "s1": "Supplier", "c2": "Two", "c3": "Three"}
    doc_findings = compare_documents({"c": docs[2]}, {"c": odoc(9, "c", 50, 40)})
    found = {f.key: f.reason for f in compare_contacts(docs, odoo, names, doc_findings)}
    assert found == {"s1": "different", "c2": "rounding", "c3": "different"}


class Pages:
    """Xero's pages of one collection each, counting the calls."""

    def __init__(self, **collections):
        self.collections, self.asked = collections, []

    def iter_pages(self, collection, params=None, modified_since=None, page_size=1000):
        self.asked.append((collection, (params or {}).get("where")))
        yield 1, self.collections.get(collection, [])


def test_what_xero_books_that_odoo_does_not_is_read_per_account():
    """Spend and receive money and manual journals: the bank account takes each total, the lines'
    accounts their amounts less tax (debit +), income and expenses from the financial year only,
    nothing after the date; the waiting bank transactions come back for client health."""
    def day(d):
        return f"/Date({int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000)}+0000)/"

    xero = Pages(BankTransactions=[
        {"Type": "SPEND", "Status": "AUTHORISED", "Date": day(date(2026, 12, 1)), "Total": 55, "IsReconciled": False,
         "LineAmountTypes": "Inclusive", "BankAccount": {"AccountID": "bank"},
         "LineItems": [{"AccountCode": "404", "LineAmount": 55, "TaxAmount": 5}]},
        {"Type": "RECEIVE", "Status": "AUTHORISED", "Date": day(date(2026, 12, 2)), "Total": 100, "IsReconciled": True,
         "BankAccount": {"AccountID": "bank"}, "LineItems": [{"AccountID": "sales", "LineAmount": 100}]},
        {"Type": "RECEIVE", "Status": "AUTHORISED", "Date": day(date(2025, 5, 2)), "Total": 7, "IsReconciled": True,
         "BankAccount": {"AccountID": "bank"}, "LineItems": [{"AccountID": "sales", "LineAmount": 7}]},  # last year
        {"Type": "SPEND", "Status": "AUTHORISED", "Date": day(date(2026, 12, 30)), "Total": 9, "IsReconciled": False,
         "BankAccount": {"AccountID": "bank"}, "LineItems": [{"AccountCode": "404", "LineAmount": 9}]}],  # later
        ManualJournals=[{"Status": "POSTED", "Date": day(date(2026, 11, 30)), "JournalLines": [
            {"AccountCode": "477", "LineAmount": 350}, {"AccountCode": "800", "LineAmount": -350}]},
            {"ManualJournalID": "in-odoo", "Status": "POSTED", "Date": day(date(2026, 11, 30)), "JournalLines": [
                {"AccountCode": "477", "LineAmount": 5}, {"AccountCode": "800", "LineAmount": -5}]}])
    effects, waiting = read_xero_only(xero, date(2026, 12, 7), date(2026, 7, 1), yearly={"sales", "code:404"},
                                      booked={"in-odoo"})  # a journal Odoo holds (pulled, or posted from Odoo)
    found = {key: (e.amount, e.bank_lines, e.journal_lines) for key, e in effects.items()}
    assert found == {"bank": (D(52), 3, 0), "code:404": (D(50), 1, 0), "sales": (D(-100), 1, 0),
                     "code:477": (D(350), 0, 1), "code:800": (D(-350), 0, 1)}
    assert len(waiting) == 2, "the waiting ones, whatever their date"
    assert [c for c, _where in xero.asked] == ["BankTransactions", "ManualJournals"]
    effects, waiting = read_xero_only(Pages(), date(2026, 12, 7), date(2026, 7, 1), bank=False)
    assert waiting is None and effects == {}
