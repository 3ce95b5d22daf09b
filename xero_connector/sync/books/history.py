"""Who changed a document after close: Xero's History of each document or journal the client
health check found changed after the closed date (GET Invoices/{id}/History,
CreditNotes/{id}/History, ManualJournals/{id}/History), one call each through the same client and
governor as every other read.

At most MAX_READS documents are read per check, the latest changed first, so a firm's daily budget
holds however much was changed; the others are told as not read. A history Xero does not let the
connection read, or a call that fails, never fails the check: that document's who is unknown,
with why. Nothing is written.

    who = read_who(xero, changes, since)   # Xero ID -> Who
"""

from dataclasses import dataclass
from datetime import datetime

from ...xero_client.errors import XeroError, XeroForbiddenError, XeroRateLimitError
from ...xero_client.utils import parse_xero_datetime

MAX_READS = 10  # history calls per check at most (one per changed document)
COLLECTIONS = {"ACCREC": "Invoices", "ACCPAY": "Invoices", "ACCRECCREDIT": "CreditNotes",
               "ACCPAYCREDIT": "CreditNotes", "JOURNAL": "ManualJournals"}
NOT_CHANGES = {"note"}  # a note added to a document is in its history, but changes nothing
SHORT = 120  # Xero's words kept on a line, at most

KNOWN, NOT_READ, FORBIDDEN, FAILED, NONE = "known", "not_read", "forbidden", "failed", "none"


@dataclass(frozen=True)
class Who:
    """What Xero's history says of one document's change after close.

    state: known (user, at, what), not_read (over the cap), forbidden (no scope), failed (why),
    none (the history names no change after the closed date)."""

    state: str
    user: str = ""
    at: datetime | None = None
    what: str = ""  # Xero's Changes and Details, short: "Edited: INV-0042 to Acme for 80.00."
    others: int = 0  # other changes after close in the same history
    why: str = ""


def _short(text):
    text = " ".join(str(text or "").split())
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"


def latest_change(reply, since):
    """Xero's HistoryRecords reply -> the Who of the latest change after `since` (aware; None:
    the latest change of all). Notes are not changes; a record without a readable date is
    skipped; a reply without a list of records is a failure named as such."""
    records = reply.get("HistoryRecords") if isinstance(reply, dict) else None
    if not isinstance(records, list):
        return Who(FAILED, why="Xero's reply holds no history records.")
    found = []
    for record in records:
        if not isinstance(record, dict) or str(record.get("Changes") or "").strip().lower() in NOT_CHANGES:
            continue
        try:
            at = parse_xero_datetime(record.get("DateUTC"))
        except (TypeError, ValueError):
            continue
        if at and (since is None or at > since):
            found.append((at, record))
    if not found:
        return Who(NONE)
    at, record = max(found, key=lambda pair: pair[0])
    changes, details = _short(record.get("Changes")), _short(record.get("Details"))
    what = _short(f"{changes}: {details}" if changes and details else changes or details)
    return Who(KNOWN, _short(record.get("User")), at, what, len(found) - 1)


def read_who(xero, changes, since, limit=None):
    """Changes (health.Change) -> {Xero ID: Who}: the history of the `limit` (MAX_READS) latest changed read,
    one call each; the rest not read. A 403 stops the reads of that kind of document (the same
    scope answers the same); Xero's limits reached stop them all (the budget is the firm's)."""
    limit = MAX_READS if limit is None else limit
    out, forbidden, stopped = {}, set(), None
    ordered = sorted(changes, key=lambda c: (c.changed_at is not None, c.changed_at), reverse=True)
    for index, change in enumerate(ordered):
        collection = COLLECTIONS.get(change.kind)
        if index >= limit:
            out[change.xero_id] = Who(NOT_READ)
        elif collection is None:
            out[change.xero_id] = Who(FAILED, why=f"Xero keeps no history for a {change.kind}.")
        elif collection in forbidden:
            out[change.xero_id] = Who(FORBIDDEN)
        elif stopped:
            out[change.xero_id] = Who(FAILED, why=stopped)
        else:
            try:
                out[change.xero_id] = latest_change(xero.get(f"{collection}/{change.xero_id}/History"), since)
            except XeroForbiddenError:
                forbidden.add(collection)
                out[change.xero_id] = Who(FORBIDDEN)
            except XeroRateLimitError as exc:
                stopped = _short(getattr(exc, "message", None) or str(exc))
                out[change.xero_id] = Who(FAILED, why=stopped)
            except XeroError as exc:
                out[change.xero_id] = Who(FAILED, why=_short(getattr(exc, "message", None) or str(exc)))
    return out
