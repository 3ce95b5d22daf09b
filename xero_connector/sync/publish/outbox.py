"""Telling Xero what Odoo changed: voiding cancelled documents and deleting unreconciled
payments, after Odoo's change is committed, never before, never from the user's request.

The rule: **Odoo's change commits first, together with a record of what Xero must be told;
Xero is told after the commit, by the job.** The record (the outbox row) is the changed
record's own publishing state, not a separate model: Odoo's change and the order to tell
Xero are then one row written in one transaction, and a user sees on the document or payment
what is pending and what Xero answered, where its other publishing news already is.

- A cancelled published document: `xero_publish_state` "to_cancel" (with `xero_status`, the
  status Xero showed when Odoo checked: DRAFT/SUBMITTED are deleted in Xero, others voided).
  Sent: "cancelled"; refused: "error", "Xero refused: <Xero's words>".
- An unreconciled published payment: its xero.payment.link's `delete_state` "to_delete"
  (a field of its own: the link's `state` is what the payment publisher reads and writes).
  Sent: "deleted" (the link's `state` too); refused: "error" likewise.

Before Odoo changes anything, Xero's side is checked in bulk (account_move_publish.py,
xero_payment_link.py use lookups.py: one call per 50 records,
the organisation's lock dates once), so what Xero would refuse is refused in Odoo with the
reason. Then the change and the outbox row commit; the connection's "outbox" job is queued
in the same transaction and its scheduled action is triggered, so it runs right after the
commit. Every "publish" job also runs these steps first, so a pending row is never left.

Sending is batch.BatchExporter's discipline: rows marked `sending` and committed before the
call, an Idempotency-Key per batch, a lost reply looked up in Xero (by the document's or
payment's Xero ID: the one thing never ambiguous) before anything is sent again. Documents go
50 to a POST (summarizeErrors=false: one refusal fails one row); Xero deletes a payment only
one per call (POST Payments/{PaymentID}), so payments go one by one.
"""

from ..mappers import publish as publish_mappers
from ..records import Unreadable, read_one
from ..steps import _lt, commit, register
from .batch import BatchExporter
from .documents import quiet_move
from .lookups import fetch_documents, fetch_journals, fetch_payments

GONE = ("VOIDED", "DELETED")


class OutboxExporter(BatchExporter):
    """What both outbox steps share: the rows of this organisation waiting (or being retried),
    Xero's refusal in its own words, a lost reply looked up by Xero ID."""

    def _retried(self):
        return (self.job.only_ids or {}).get(self.key) or []

    def carries(self, checked, token):
        return checked.xero_id == token and checked.status in GONE

    def token(self, record):
        return record[self.xero_id_field]

    def _error(self, record, message):
        return super()._error(record, self.env._("Xero refused: %s", message))

    def save(self, group, payloads, idempotency_key):
        return self.xero.save_batch(group, payloads, summarize_errors=False, idempotency_key=idempotency_key,
                                    update=True)

    def element_of(self, result):
        return result.get("Element") or {}

    _quiet = staticmethod(quiet_move)

    def _adopt_lost(self, records, again_later=False):
        """A row whose reply was lost: Xero's copy is read by its ID. Voided or deleted there (or
        no longer listed): done. Otherwise sent again (with the same request's key: should Xero
        have saved it after all, it answers from its memory), or, right after the loss, looked
        for again at the next run."""
        if not records:
            return
        groups = {}
        for record in records:
            groups[self.group(record)] = groups.get(self.group(record), self.env[record._name]) | record
        for group, mine in groups.items():
            found = {c.xero_id: c for c in self._read_back(group, mine)}
            for record in mine:
                checked = found.get(self.token(record))
                if checked is None or self.carries(checked, self.token(record)):
                    self.accepted(self._quiet(record), self.token(record), checked.raw if checked else {})
                elif again_later:
                    record.write({self.error_field: self.env._(
                        "No reply from Xero: it is looked for in Xero again before it is sent again.")})
                else:
                    record.write({self.state_field: self.pending_state, self.sent_field: False,
                                  self.error_field: False})
        self._flush()
        commit(self.env)


@register
class DocumentVoider(OutboxExporter):
    key = "publish_voids"
    label = _lt("Cancellations sent to Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "xero_publish_state", "xero_publish_error"
    sent_field, job_field = "xero_publish_sent_at", "xero_publish_job_id"
    done_states = ("cancelled",)
    pending_state = "to_cancel"
    xero_id_field = "xero_id"

    def records(self):
        Move = self.env["account.move"]
        waiting = Move.search([("xero_connection_id", "=", self.conn.id), ("state", "=", "cancel"),
                               ("xero_id", "!=", False), ("xero_publish_state", "in", ("to_cancel", "sending"))],
                              order="id")
        retried = Move.browse(self._retried()).exists().filtered(
            lambda m: m.state == "cancel" and m.xero_id and m.xero_connection_id == self.conn
            and m.xero_publish_state == "error")
        return waiting | retried

    def group(self, record):
        return publish_mappers.collection_of(record.move_type)

    def reply_kind(self, group):
        return "credit_notes" if group == "CreditNotes" else "invoices"

    def payload(self, record):
        collection = publish_mappers.collection_of(record.move_type)
        return {publish_mappers.ID_KEYS[collection]: record.xero_id,
                "Status": "DELETED" if record.xero_status in ("DRAFT", "SUBMITTED") else "VOIDED"}

    def _read_back(self, group, records):
        found, _bad = fetch_documents(self.xero, group, records.mapped("xero_id"))
        return list(found.values())

    def accepted(self, record, xero_id, element):
        checked = read_one(self.reply_kind(self.group(record)), element) if element else None
        status = checked.status if checked is not None and not isinstance(checked, Unreadable) else "DELETED"
        record.write({"xero_publish_state": "cancelled", "xero_publish_error": False, "xero_status": status})
        self._note(record, self.env._("Cancelled in Xero (%(number)s is now %(status)s there).",
                                      number=record.xero_number or record.xero_id,
                                      status=self.env._("voided") if status == "VOIDED" else self.env._("deleted")))
        self._done(created=False)

    def refused_note(self, message):
        return self.env._("Cancelled in Odoo, but %(message)s. Xero still shows the document. Retry from "
                          "Publishing Errors once it can change in Xero, reset it to draft in Odoo to keep it, "
                          "or open it in Xero.", message=message)


@register
class PaymentDeleter(OutboxExporter):
    key = "publish_payment_deletions"
    label = _lt("Payments deleted in Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "delete_state", "delete_error"
    sent_field, job_field = "delete_sent_at", "job_id"
    done_states = ("deleted",)
    pending_state = "to_delete"
    xero_id_field = "xero_id"
    batch_size = 1  # Xero deletes one payment per call: POST Payments/{PaymentID}

    def records(self):
        Link = self.env["xero.payment.link"]
        waiting = Link.search([("connection_id", "=", self.conn.id), ("xero_id", "!=", False),
                               ("delete_state", "in", ("to_delete", "sending"))], order="id")
        retried = Link.browse(self._retried()).exists().filtered(
            lambda link: link.connection_id == self.conn and link.delete_state == "error")
        return waiting | retried

    def group(self, record):
        return "Payments"

    def reply_kind(self, group):
        return "payments"

    def payload(self, record):
        return {"PaymentID": record.xero_id, "Status": "DELETED"}  # the ID makes each request's key its own

    def save(self, group, payloads, idempotency_key):
        (payload,) = payloads
        reply = self.xero.post(f"Payments/{payload['PaymentID']}", {"Status": "DELETED"},
                               idempotency_key=idempotency_key)
        return [{"ID": e.get("PaymentID"), "ValidationErrors": e.get("ValidationErrors") or [], "Element": e}
                for e in (reply or {}).get("Payments") or []] or [{"ValidationErrors": []}]

    def _read_back(self, group, records):
        return list(fetch_payments(self.xero, records.mapped("xero_id")).values())

    def accepted(self, record, xero_id, element):
        record.write({"delete_state": "deleted", "delete_error": False, "state": "deleted", "error": False})
        self._note(record, self.env._("Deleted in Xero (%s).", record.move_id.display_name))
        self._done(created=False)

    def refused_note(self, message):
        return self.env._("Unreconciled in Odoo, but %(message)s. Xero still holds the payment. Retry once it can "
                          "be deleted in Xero, reconcile it again in Odoo to keep it, or remove it in Xero.",
                          message=message)


@register
class JournalVoider(OutboxExporter):
    """Entries posted to Xero as manual journals, then reset to draft in Odoo ("Void in Xero
    and reset"): the journal Xero holds (`xero_void_journal_id`) is voided, 50 to a POST."""

    key = "publish_journal_voids"
    label = _lt("Journals voided in Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "xero_void_state", "xero_void_error"
    sent_field, job_field = "xero_void_sent_at", "xero_post_job_id"
    done_states = ("voided",)
    pending_state = "to_void"
    xero_id_field = "xero_void_journal_id"

    def records(self):
        Move = self.env["account.move"]
        mine = [("company_id", "=", self.conn.company_id.id), ("xero_void_journal_id", "!=", False)]
        waiting = Move.search(mine + [("xero_void_state", "in", ("to_void", "sending"))], order="id")
        retried = Move.browse(self._retried()).exists().filtered(
            lambda m: m.company_id == self.conn.company_id and m.xero_void_journal_id and m.xero_void_state == "error")
        return waiting | retried

    def group(self, record):
        return "ManualJournals"

    def reply_kind(self, group):
        return "journals"

    def prepare(self, records):
        """Xero's copies read first (one call per 50): Xero wants a journal's Narration with any
        change to it, and sends it back as it is; one already voided there (or gone) is done."""
        found = {c.xero_id: c for c in fetch_journals(self.xero, records.mapped("xero_void_journal_id"))}
        self._narrations, todo = {}, records.browse()
        for record in records:
            checked = found.get(record.xero_void_journal_id)
            if checked is None or checked.status in GONE:
                self.accepted(self._quiet(record), record.xero_void_journal_id, checked.raw if checked else {})
            else:
                self._narrations[record.id] = checked.narration
                todo |= record
        self._flush()
        commit(self.env)
        return todo

    def payload(self, record):
        return {"ManualJournalID": record.xero_void_journal_id, "Narration": self._narrations.get(record.id),
                "Status": "VOIDED"}

    def _read_back(self, group, records):
        return fetch_journals(self.xero, records.mapped("xero_void_journal_id"))

    def accepted(self, record, xero_id, element):
        record.write({"xero_void_state": "voided", "xero_void_error": False})
        self._note(record, self.env._("Xero journal %s voided.", record.xero_void_journal_id))
        self._done(created=False)

    def refused_note(self, message):
        return self.env._("Reset to draft in Odoo, but %(message)s. Xero still holds the journal. Retry once it "
                          "can be voided in Xero, or void it in Xero.", message=message)
