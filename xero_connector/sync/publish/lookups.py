"""Xero's copies of records Odoo already sent, read in bulk by Xero ID (50 per call), checked at
the page edge: before Odoo changes a published record (is it paid, locked, reconciled there?),
before publishing over Xero's copy (did Xero change it too?), and after a lost reply.

    found, unreadable = fetch_documents(xero, "Invoices", ["a", "b"])   # {id: Invoice}, [Unreadable]
    fetch_payments(xero, ids)   # {id: Payment}
    fetch_journals(xero, ids)   # [ManualJournal]
"""

from ..records import read_page
from .batch import BATCH


def _chunks(xero_ids):
    ids = sorted(set(xero_ids))
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _where(id_key, chunk):
    return " OR ".join(f'{id_key}==Guid("{i}")' for i in chunk)


def fetch_documents(xero, collection, xero_ids):
    """Invoices (IDs=) or credit notes (a `where`) -> (checked records by Xero ID, unreadable)."""
    kind = "credit_notes" if collection == "CreditNotes" else "invoices"
    found, bad = {}, []
    for chunk in _chunks(xero_ids):
        params = {"IDs": ",".join(chunk)} if collection == "Invoices" else {"where": _where("CreditNoteID", chunk)}
        page = read_page(kind, (xero.get(collection, params=params) or {}).get(collection) or [])
        found.update({d.xero_id: d for d in page.records})
        bad.extend(page.unreadable)
    return found, bad


def fetch_payments(xero, xero_ids):
    """Payments (a `where` on PaymentID) -> {Xero ID: checked payment}."""
    found = {}
    for chunk in _chunks(xero_ids):
        reply = xero.get("Payments", params={"where": _where("PaymentID", chunk)}) or {}
        found.update({p.xero_id: p for p in read_page("payments", reply.get("Payments") or []).records})
    return found


def fetch_journals(xero, xero_ids):
    """Manual journals (a `where` on ManualJournalID) -> [checked journal]."""
    found = []
    for chunk in _chunks(xero_ids):
        found.extend(read_page("journals", xero.find_manual_journals(_where("ManualJournalID", chunk))).records)
    return found
