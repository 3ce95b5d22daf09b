"""Two-sided edits, without Odoo: each side read the same way, fingerprints, and the
field-by-field comparison a person resolves."""

from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync import conflicts, records

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
PARTNERS = st.fixed_dictionaries({k: TEXT for k in (
    "name", "email", "vat", "phone", "street", "street2", "city", "zip", "country_code")})
LINES = st.lists(st.fixed_dictionaries({
    "description": TEXT, "quantity": st.decimals(-1000, 1000, places=2), "unit_price": st.decimals(0, 10**6, places=4),
    "discount": st.sampled_from([0, 10, 12.5]), "account": TEXT, "tax": TEXT}), max_size=4)
DOCUMENTS = st.fixed_dictionaries({"reference": TEXT, "date": st.dates(), "due_date": st.dates(),
                                   "total": st.decimals(-10**6, 10**6, places=2), "lines": LINES})


def test_a_contact_pulled_from_xero_reads_the_same_on_both_sides():
    contact = records.read_one("contacts", {
        "ContactID": "c1", "Name": "  Harbour   Supplies ", "EmailAddress": "Accounts@Harbour.example",
        "TaxNumber": "12 345 678 901", "Phones": [{"PhoneType": "DEFAULT", "PhoneAreaCode": "02",
                                                   "PhoneNumber": "5550 1234"}],
        "Addresses": [{"AddressType": "POBOX", "AddressLine1": "1 Quay St", "City": "Sydney",
                       "PostalCode": "2000", "Country": "au"}]})
    xero = conflicts.contact_side_xero(contact)
    odoo = conflicts.contact_side({"name": "Harbour Supplies", "email": "accounts@harbour.example",
                                   "vat": "12 345 678 901", "phone": "02 5550 1234", "street": "1 Quay St",
                                   "city": "Sydney", "zip": "2000", "country_code": "AU"})
    assert xero == odoo
    assert conflicts.fingerprint(xero) == conflicts.fingerprint(odoo)
    assert not conflicts.differing(conflicts.diff(odoo, xero))


def test_a_contact_edited_on_both_sides_shows_each_field_that_differs():
    odoo = conflicts.contact_side({"name": "Harbour Supplies", "email": "new@harbour.example", "city": "Sydney"})
    xero = conflicts.contact_side({"name": "Harbour Supplies Ltd", "email": "new@harbour.example", "city": "Sydney"})
    rows = conflicts.diff(odoo, xero)
    assert [r["field"] for r in rows] == list(conflicts.CONTACT_FIELDS)
    assert conflicts.differing(rows) == ["name"]
    name = rows[0]
    assert (name["odoo"], name["xero"]) == ("Harbour Supplies", "Harbour Supplies Ltd")


def test_a_document_compares_its_lines_one_by_one():
    line = {"description": "Consulting", "quantity": 3, "unit_price": 123.45, "discount": 10.0,
            "account": "200 Sales", "tax": "GST 10%"}
    odoo = conflicts.document_side({"reference": "PO 12", "date": "2026-10-03", "due_date": "2026-11-02",
                                    "total": 407.41, "lines": [line, dict(line, description="Travel")]})
    xero = conflicts.document_side({"reference": "PO 12", "date": "2026-10-03", "due_date": "2026-11-02",
                                    "total": "366.67", "lines": [dict(line, quantity="3.0000", unit_price="123.4500")]})
    rows = conflicts.diff(odoo, xero)
    assert [(r["field"], r["line"]) for r in rows] == [
        ("reference", None), ("date", None), ("due_date", None), ("line", 1), ("line", 2), ("total", None)]
    assert conflicts.differing(rows) == ["line 2", "total"]
    assert rows[3]["odoo"] == "Consulting: 3 x 123.45 (less 10%), 200 Sales, GST 10%"
    assert (rows[4]["odoo"], rows[4]["xero"]) == ("Travel: 3 x 123.45 (less 10%), 200 Sales, GST 10%", "")
    assert (rows[5]["odoo"], rows[5]["xero"]) == ("407.41", "366.67")


@given(PARTNERS)
def test_a_side_compared_with_itself_differs_nowhere(partner):
    side = conflicts.contact_side(partner)
    assert not conflicts.differing(conflicts.diff(side, side))
    assert conflicts.fingerprint(side) == conflicts.fingerprint(conflicts.contact_side(dict(side, country_code=side[
        "country"])))


@given(DOCUMENTS, DOCUMENTS)
def test_comparing_is_symmetric_and_differs_exactly_where_the_fingerprint_does(first, second):
    a, b = conflicts.document_side(first), conflicts.document_side(second)
    rows, back = conflicts.diff(a, b), conflicts.diff(b, a)
    assert [(r["odoo"], r["xero"]) for r in rows] == [(r["xero"], r["odoo"]) for r in back]
    assert conflicts.differing(rows) == conflicts.differing(back)
    assert bool(conflicts.differing(rows)) == (conflicts.fingerprint(a) != conflicts.fingerprint(b))


@given(DOCUMENTS, st.integers(0, 3), TEXT)
def test_one_edited_line_is_the_one_row_that_differs(values, index, description):
    a = conflicts.document_side(values)
    if index >= len(a["lines"]) or a["lines"][index]["description"] == " ".join(description.split()):
        return
    edited = dict(values, lines=[dict(ln, description=description) if i == index else ln
                                 for i, ln in enumerate(values["lines"])])
    assert conflicts.differing(conflicts.diff(a, conflicts.document_side(edited))) == [f"line {index + 1}"]
