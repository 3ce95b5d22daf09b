"""Xero's accounting records at the page edge: reference lists (accounts, tax rates, tracking),
contacts, invoices and credit notes, payments, manual journals and attachments, registered in
base.KINDS under the step keys that read them.

    read_page("invoices", reply["Invoices"]).records   # [Invoice, ...]
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator

from .base import (
    KINDS,
    Amount,
    AmountTypes,
    DocumentStatus,
    DocumentType,
    Flag,
    ListStatus,
    Name,
    PaymentType,
    Text,
    Timestamp,
    XeroDate,
    XeroId,
    XeroRecord,
    _missing,
    _no_list,
)


# ---------------------------------------------------------------------------- reference lists
class Account(XeroRecord):
    id_field = "account_id"
    account_id: XeroId
    code: Name | None = None
    name: Name | None = None
    type: Name | None = None   # an unknown type only changes the type a new Odoo account gets
    tax_type: Name | None = None
    system_account: Name | None = None  # DEBTORS, CREDITORS...: Odoo's receivable/payable
    status: ListStatus = "ACTIVE"
    updated_date_utc: Timestamp = None
    # bank accounts (Type BANK): their currency and number, and whether payments may go to it
    currency_code: Name | None = None
    bank_account_number: Name | None = None
    enable_payments_to_account: Flag = False


class TaxRate(XeroRecord):
    id_field = "tax_type"
    tax_type: XeroId
    name: Name | None = None
    effective_rate: Amount | None = None
    display_tax_rate: Amount | None = None
    status: ListStatus = "ACTIVE"
    can_apply_to_revenue: Flag = False
    can_apply_to_expenses: Flag = False


class TrackingOption(XeroRecord):
    tracking_option_id: XeroId
    name: Name
    status: ListStatus = "ACTIVE"


class TrackingCategory(XeroRecord):
    id_field = "tracking_category_id"
    tracking_category_id: XeroId
    name: Name
    status: ListStatus = "ACTIVE"
    options: Annotated[list[TrackingOption], BeforeValidator(_no_list)] = []


# ---------------------------------------------------------------------------- contacts
class Phone(XeroRecord):
    phone_type: Name | None = None
    phone_number: Name | None = None
    phone_area_code: Name | None = None
    phone_country_code: Name | None = None


class Address(XeroRecord):
    address_line1: Name | None = None
    address_line2: Name | None = None
    city: Name | None = None
    postal_code: Name | None = None
    country: Name | None = None


class Contact(XeroRecord):
    id_field = "contact_id"
    contact_id: XeroId
    name: Annotated[Name, AfterValidator(lambda v: v or _missing("a name"))]
    email_address: Name | None = None
    tax_number: Name | None = None
    account_number: Name | None = None
    contact_status: ListStatus = "ACTIVE"
    phones: Annotated[list[Phone], BeforeValidator(_no_list)] = []
    addresses: Annotated[list[Address], BeforeValidator(_no_list)] = []
    updated_date_utc: Timestamp = None


# ---------------------------------------------------------------------------- documents
class ContactRef(XeroRecord):
    contact_id: XeroId
    name: Name | None = None


class TrackingRef(XeroRecord):
    tracking_category_id: XeroId | None = None
    tracking_option_id: XeroId | None = None
    name: Name | None = None
    option: Name | None = None


class LineItem(XeroRecord):
    description: Text | None = None
    item_code: Name | None = None
    quantity: Amount | None = None
    unit_amount: Amount | None = None
    line_amount: Amount | None = None
    tax_amount: Amount | None = None
    tax_type: Name | None = None
    account_code: Name | None = None
    discount_rate: Amount | None = None
    tracking: Annotated[list[TrackingRef], BeforeValidator(_no_list)] = []


class InvoiceRef(XeroRecord):
    invoice_id: XeroId


class Allocation(XeroRecord):
    amount: Amount
    invoice: InvoiceRef


class Document(XeroRecord):
    """An invoice, bill or credit note (Xero's Invoices and CreditNotes)."""

    type: DocumentType
    status: DocumentStatus
    invoice_number: Name | None = None
    credit_note_number: Name | None = None
    reference: Name | None = None
    url: Text | None = None
    contact: ContactRef
    currency_code: Name | None = None
    currency_rate: Amount | None = None
    date: XeroDate = None
    date_string: XeroDate = None
    due_date: XeroDate = None
    due_date_string: XeroDate = None
    line_amount_types: AmountTypes = "Exclusive"
    sub_total: Amount | None = None
    total_tax: Amount | None = None
    total: Amount | None = None
    amount_paid: Amount | None = None
    amount_credited: Amount | None = None
    line_items: Annotated[list[LineItem], BeforeValidator(_no_list)] = []
    allocations: Annotated[list[Allocation], BeforeValidator(_no_list)] = []
    updated_date_utc: Timestamp = None

    @property
    def number(self):
        return self.invoice_number or self.credit_note_number or ""

    @property
    def document_date(self):
        return self.date_string or self.date

    @property
    def document_due_date(self):
        return self.due_date_string or self.due_date


class Invoice(Document):
    id_field = "invoice_id"
    invoice_id: XeroId


class CreditNote(Document):
    id_field = "credit_note_id"
    credit_note_id: XeroId


class CreditNoteRef(XeroRecord):
    credit_note_id: XeroId


class AccountRef(XeroRecord):
    account_id: XeroId | None = None
    code: Name | None = None


class Payment(XeroRecord):
    id_field = "payment_id"
    payment_id: XeroId
    status: Literal["AUTHORISED", "DELETED"]
    payment_type: PaymentType = "ACCRECPAYMENT"
    amount: Amount
    currency_rate: Amount | None = None  # units of the payment's currency per unit of the base currency
    date: XeroDate = None
    reference: Name | None = None
    invoice: InvoiceRef | None = None
    credit_note: CreditNoteRef | None = None
    account: AccountRef | None = None
    updated_date_utc: Timestamp = None

    @property
    def document_id(self):
        return (self.invoice and self.invoice.invoice_id) or (
            self.credit_note and self.credit_note.credit_note_id) or None


class ManualJournal(XeroRecord):
    """What journal posting reads back from Xero: the ID and the narration carrying its token."""

    id_field = "manual_journal_id"
    manual_journal_id: XeroId
    narration: Text | None = None
    status: Name | None = None


class JournalLine(XeroRecord):
    line_amount: Amount = Decimal(0)  # Xero's sign: positive a debit, negative a credit
    account_code: Name | None = None
    account_id: XeroId | None = None
    description: Text | None = None
    tax_type: Name | None = None
    tax_amount: Amount | None = None
    tracking: Annotated[list[TrackingRef], BeforeValidator(_no_list)] = []


class ManualJournalEntry(ManualJournal):
    """A manual journal pulled into Odoo as a journal entry: its date and lines too."""

    status: Literal["DRAFT", "POSTED", "VOIDED", "DELETED"] = "DRAFT"
    date: XeroDate = None
    date_string: XeroDate = None
    line_amount_types: AmountTypes = "NoTax"
    journal_lines: Annotated[list[JournalLine], BeforeValidator(_no_list)] = []
    updated_date_utc: Timestamp = None

    @property
    def journal_date(self):
        return self.date_string or self.date

    @property
    def name(self):  # how pending items and the job's data file name it
        return self.narration


class Attachment(XeroRecord):
    """A file attached to a document in Xero (publishing reads its own sends back by name)."""

    id_field = "attachment_id"
    attachment_id: XeroId
    file_name: Name
    content_length: int | None = None


KINDS.update({
    "accounts": (Account, "AccountID", "Name"),
    "bank_accounts": (Account, "AccountID", "Name"),  # pending items of unmapped bank accounts
    "tax_rates": (TaxRate, "TaxType", "Name"),
    "tracking": (TrackingCategory, "TrackingCategoryID", "Name"),
    "contacts": (Contact, "ContactID", "Name"),
    "invoices": (Invoice, "InvoiceID", "InvoiceNumber"),
    "credit_notes": (CreditNote, "CreditNoteID", "CreditNoteNumber"),
    "payments": (Payment, "PaymentID", "Reference"),
    "journals": (ManualJournal, "ManualJournalID", "Narration"),
    "manual_journals": (ManualJournalEntry, "ManualJournalID", "Narration"),  # pulled into Odoo
    "attachments": (Attachment, "AttachmentID", "FileName"),
})
