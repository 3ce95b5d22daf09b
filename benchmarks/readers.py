"""Which library reads Xero's pages: pydantic v2 (chosen), msgspec, or a JSON schema compiled
from Xero's OpenAPI file by fastjsonschema. Prints figures for N generated 3-line invoices,
as the sandbox's generator writes them; no Odoo needed.

    ~/.cache/xero_connector/venv/bin/python benchmarks/readers.py [N]
    (msgspec and fastjsonschema are only for this comparison: pip install msgspec fastjsonschema)

Each reader does the same work the connector needs: types checked, Xero's two date forms
parsed, money as Decimal, enums checked, text cleaned.
"""

import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "xero_connector")]
import conftest  # noqa: E402,F401 (the addon's pure parts without Odoo)
from xero_connector.sync import records  # noqa: E402


def invoices(n):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        day = start + timedelta(minutes=i)
        ms = int(day.timestamp() * 1000)
        yield {
            "InvoiceID": f"00000000-0000-4000-8000-{i:012d}", "Type": "ACCREC", "Status": "AUTHORISED",
            "InvoiceNumber": f"GEN-{i:06d}", "Reference": f"Order {i}",
            "Contact": {"ContactID": "11111111-0000-4000-8000-000000000001", "Name": "Alpha Pty"},
            "CurrencyCode": "AUD", "CurrencyRate": 1.0, "Date": f"/Date({ms}+0000)/",
            "DateString": day.strftime("%Y-%m-%dT00:00:00"), "DueDate": f"/Date({ms}+0000)/",
            "LineAmountTypes": "Exclusive", "UpdatedDateUTC": f"/Date({ms}+0000)/",
            "LineItems": [{"Description": f"Line {k}", "Quantity": 2.0, "UnitAmount": 12.35, "LineAmount": 24.7,
                           "TaxAmount": 2.47, "TaxType": "OUTPUT", "AccountCode": "200",
                           "Tracking": [{"Name": "Region", "Option": "North", "TrackingOptionID":
                                         "22222222-0000-4000-8000-000000000001"}]} for k in range(3)],
        }


def timed(label, fn, items):
    t0 = time.perf_counter()
    fn(items)
    seconds = time.perf_counter() - t0
    print(f"{label:<22} {seconds * 1e6 / len(items):7.1f} µs/invoice  {seconds:6.2f} s for {len(items)}")


def with_pydantic(items):
    page = records.read_page("invoices", items)
    assert len(page.records) == len(items)


def with_msgspec(items):
    import msgspec  # noqa: PLC0415 (optional: only for this comparison)

    class Line(msgspec.Struct, rename="pascal"):
        description: str | None = None
        quantity: Decimal | None = None
        unit_amount: Decimal | None = None
        line_amount: Decimal | None = None
        tax_amount: Decimal | None = None
        tax_type: str | None = None
        account_code: str | None = None

    class ContactRef(msgspec.Struct, rename="pascal"):
        contact_i_d: str

    class Invoice(msgspec.Struct, rename="pascal"):
        invoice_i_d: str
        type: str
        status: str
        contact: ContactRef
        line_items: list[Line] = []
        invoice_number: str | None = None
        reference: str | None = None
        currency_code: str | None = None
        date_string: str | None = None
        updated_date_u_t_c: str | None = None

    for item in items:
        inv = msgspec.convert(item, Invoice, strict=False)
        # what pydantic's validators do besides: dates, enums, text
        records.base._date(inv.date_string)
        records.base._timestamp(inv.updated_date_u_t_c)
        assert inv.type in ("ACCREC", "ACCPAY", "ACCRECCREDIT", "ACCPAYCREDIT")
        records.clean_text(inv.invoice_number or "")
        for line in inv.line_items:
            records.clean_text(line.description or "")


def with_fastjsonschema(items):
    import fastjsonschema  # noqa: PLC0415 (optional: only for this comparison)

    sys.path.insert(0, str(ROOT / "xero_connector" / "sync" / "tests"))
    from test_records import _components, _json_schema  # noqa: PLC0415

    schema = _json_schema(_components()["Invoice"], keep=[
        "InvoiceID", "Type", "Status", "InvoiceNumber", "Reference", "Contact", "CurrencyCode", "CurrencyRate",
        "Date", "DueDate", "LineAmountTypes", "LineItems", "UpdatedDateUTC"])
    schema = _without_limits(schema)
    schema["additionalProperties"] = True
    uuid = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    validate = fastjsonschema.compile(schema, formats={"uuid": uuid})
    for item in items:
        validate(item)
        # a schema checks shapes only: dates, money and text still need Python
        records.base._date(item["DateString"])
        records.base._timestamp(item["UpdatedDateUTC"])
        for line in item["LineItems"]:
            records.base._decimal(line["UnitAmount"])
            records.clean_text(line["Description"])


def _without_limits(node):
    """The test's generation limits (maxLength, maxItems) are not Xero's rules."""
    if isinstance(node, dict):
        return {k: _without_limits(v) for k, v in node.items() if k not in ("maxLength", "maxItems")}
    if isinstance(node, list):
        return [_without_limits(v) for v in node]
    return node


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    items = list(invoices(n))
    for label, fn in (("pydantic v2 (chosen)", with_pydantic), ("msgspec + validators", with_msgspec),
                      ("fastjsonschema + code", with_fastjsonschema)):
        try:
            timed(label, fn, items)
        except ImportError as exc:
            print(f"{label:<22} not installed ({exc.name})")


main()
