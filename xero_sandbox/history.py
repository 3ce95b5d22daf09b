"""Xero's History & Notes of a document: what happened to an invoice, bill, credit note or manual
journal, when and by whom (GET /Invoices/{id}/History, /CreditNotes/{id}/History,
/ManualJournals/{id}/History; Xero lists the newest first).

Each write the sandbox keeps adds its records (Created, Approved, Edited, Voided, Deleted,
Posted, Paid, Partially Paid, Payment Removed, Credited) in the name of the organisation's
current user: "Demo Accountant" unless the admin API names another
(`POST /__sandbox__/tenants/<id>/user {"name": "Jo Bloggs"}`), the person who, in real Xero, was
signed in or authorised the app that made the change. A record stored without a write of the
API (seeded, or planted through the admin API) has one "Created" record by "System Generated" at
its update time, as Xero shows for documents it generated itself.
"""

from datetime import UTC, datetime

from .query import parse_xero_date, to_xero_date
from .replies import envelope

DEFAULT_USER = "Demo Accountant"
SYSTEM_USER = "System Generated"
KIND = "History"  # stored as records of this kind, id "<collection>/<record id>"
ID_KEYS = {"Invoices": "InvoiceID", "CreditNotes": "CreditNoteID", "ManualJournals": "ManualJournalID"}
STATUS_WORDS = {"AUTHORISED": "Approved", "VOIDED": "Voided", "DELETED": "Deleted", "POSTED": "Posted",
                "SUBMITTED": "Submitted for approval"}


def user(store, tenant):
    return store.get_meta(f"user:{tenant}") or DEFAULT_USER


def set_user(store, tenant, name):
    """Who the organisation's next changes are made by (None or "": the default user)."""
    name = str(name or "").strip()[:100]
    store.set_meta(f"user:{tenant}", name or None)
    return name or DEFAULT_USER


def details(collection, record):
    """Xero's Details of a document's history record: "INV-0042 to Acme for 80.00." (a bill:
    "from"); a journal's narration."""
    if collection == "ManualJournals":
        return str(record.get("Narration") or "")
    number = record.get("InvoiceNumber") or record.get("CreditNoteNumber") or record.get("Reference") or ""
    word = "from" if record.get("Type") in ("ACCPAY", "ACCPAYCREDIT") else "to"
    contact = (record.get("Contact") or {}).get("Name") or ""
    return f"{number} {word} {contact} for {float(record.get('Total') or 0):.2f}.".strip()


def changes(record, old):
    """The words of a write: Created (and Approved or Posted when born so), a status's word, or
    Edited."""
    status = record.get("Status")
    if old is None:
        return ["Created"] + ([STATUS_WORDS[status]] if status in ("AUTHORISED", "POSTED") else [])
    if status != old.get("Status") and status in STATUS_WORDS:
        return [STATUS_WORDS[status]]
    return ["Edited"]


def add(store, tenant, collection, record, words, when, detail=None):
    """Append one record per word to a document's history, in the current user's name."""
    if collection not in ID_KEYS or not words:
        return
    key = f"{collection}/{record[ID_KEYS[collection]]}"
    with store.tx():
        kept = store.get(tenant, KIND, key) or {"records": []}
        name, stamp = user(store, tenant), to_xero_date(datetime.fromtimestamp(when, UTC))
        text = details(collection, record) if detail is None else detail
        kept["records"].extend({"Changes": word, "User": name, "DateUTC": stamp, "Details": text}
                               for word in words)
        store.put(tenant, KIND, key, kept, when)


def saved(store, tenant, collection, pairs, when):
    """After a write: (record, the record before or None) pairs."""
    for record, old in pairs:
        add(store, tenant, collection, record, changes(record, old), when)


def reply(app, tenant, collection, record_id):
    """The HistoryRecords reply of one document, newest first (None: no such document)."""
    record = app.store.get(tenant, collection, record_id)
    if not record:
        return None
    kept = app.store.get(tenant, KIND, f"{collection}/{record[ID_KEYS[collection]]}")
    records = list((kept or {}).get("records") or [{
        "Changes": "Created", "User": SYSTEM_USER, "DateUTC": record.get("UpdatedDateUTC") or to_xero_date(
            datetime.fromtimestamp(0, UTC)),
        "Details": details(collection, record)}])
    out = []
    for entry in reversed(records):
        moment = _moment(entry["DateUTC"])
        out.append({"Changes": entry["Changes"], "DateUTCString": moment.strftime("%Y-%m-%dT%H:%M:%S"),
                    "DateUTC": entry["DateUTC"], "User": entry["User"], "Details": entry["Details"]})
    return envelope(app, "HistoryRecords", out)


def _moment(value):
    try:
        return parse_xero_date(value) or datetime.fromtimestamp(0, UTC)
    except (TypeError, ValueError):
        return datetime.fromtimestamp(0, UTC)
