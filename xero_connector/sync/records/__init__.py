"""The page edge: every reply from Xero is read here once into checked, frozen records before
any mapper sees it. Pure: pydantic and the standard library, no Odoo.

    page = records.read_page("invoices", reply["Invoices"])
    page.records      # Invoice, ... : what the mappers take
    page.unreadable   # Unreadable(xero_id, label, field, reason, raw): one pending item each

base.py holds the reader (read_page, read_one, Unreadable), the cleaning of text, dates and
money, and KINDS, the step key -> record class table; each family of records adds its kinds:
accounting.py (lists, contacts, documents, payments, journals, attachments), items.py (items,
contact groups), orders.py (purchase orders, quotes); webhooks.py reads webhook deliveries.
Importing the package registers every kind, so read_page knows them all.
"""

from .accounting import (
    Account,
    Attachment,
    Contact,
    CreditNote,
    Document,
    Invoice,
    JournalLine,
    LineItem,
    ManualJournal,
    ManualJournalEntry,
    Payment,
    TaxRate,
    TrackingCategory,
    TrackingRef,
)
from .base import KINDS, NAME_LIMIT, TEXT_LIMIT, Unreadable, clean_json, clean_text, describe, read_one, read_page
from .items import ContactGroup, Item
from .orders import PurchaseOrder, Quote
from .webhooks import read_webhook
