"""Xero's purchase orders and quotes, read at the page edge like every other Xero record
(accounting.py): checked, typed, unknown statuses an outcome with its reason, never a crash.
Registered as the kinds "purchase_orders" and "quotes" of records.read_page."""

from typing import Annotated, Literal

from pydantic import BeforeValidator

from . import base
from .accounting import ContactRef, LineItem
from .base import Amount, Name, Timestamp, XeroDate, XeroId, XeroRecord, _no_list, _upper

PurchaseOrderStatus = Literal["DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED"]
QuoteStatus = Literal["DRAFT", "SENT", "DECLINED", "ACCEPTED", "INVOICED", "DELETED"]
AMOUNT_TYPES = {"EXCLUSIVE": "Exclusive", "INCLUSIVE": "Inclusive", "NOTAX": "NoTax"}


def _amount_types(value):
    """Quotes write EXCLUSIVE, purchase orders Exclusive: read as one."""
    return AMOUNT_TYPES.get(_upper(value), value) if isinstance(value, str) else value


class Order(XeroRecord):
    reference: Name | None = None
    contact: ContactRef
    currency_code: Name | None = None
    currency_rate: Amount | None = None
    date: XeroDate = None
    line_amount_types: Annotated[Literal["Exclusive", "Inclusive", "NoTax"], BeforeValidator(_amount_types)] = \
        "Exclusive"
    sub_total: Amount | None = None
    total_tax: Amount | None = None
    total: Amount | None = None
    line_items: Annotated[list[LineItem], BeforeValidator(_no_list)] = []
    updated_date_utc: Timestamp = None


class PurchaseOrder(Order):
    id_field = "purchase_order_id"
    purchase_order_id: XeroId
    purchase_order_number: Name | None = None
    status: Annotated[PurchaseOrderStatus, BeforeValidator(_upper)]

    @property
    def number(self):
        return self.purchase_order_number or ""


class Quote(Order):
    id_field = "quote_id"
    quote_id: XeroId
    quote_number: Name | None = None
    status: Annotated[QuoteStatus, BeforeValidator(_upper)]

    @property
    def number(self):
        return self.quote_number or ""


base.KINDS.setdefault("purchase_orders", (PurchaseOrder, "PurchaseOrderID", "PurchaseOrderNumber"))
base.KINDS.setdefault("quotes", (Quote, "QuoteID", "QuoteNumber"))
