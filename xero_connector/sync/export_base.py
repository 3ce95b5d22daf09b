"""Sending Odoo records to Xero in batches, never twice, never half: the base of journal
posting (exporters.py) and document publishing (export_documents.py).

1. Each record carries a token Xero keeps (a journal's narration, a document's link back to
   Odoo or its reference): `token(record)`, `carries(element, token)`.
2. Before a batch of up to 50 is sent its records are marked `sending` (with the time) and
   committed, so the mark survives a lost reply or a killed process.
3. The batch goes with `summarizeErrors=false` (Xero saves the good elements and answers each
   refused one with its own messages) and an `Idempotency-Key` derived from the batch's exact
   content: the same batch sent again is answered from Xero's memory, not saved twice; a batch
   whose content changed (a refused record fixed) is a new request.
4. A reply lost to a timeout, and records found `sending` at the start of a run (a process
   killed mid-batch), are looked for in Xero by their tokens (`find_sent`) and adopted; what
   is not found right after the loss stays `sending` and is looked for again at the start of
   the next run; not found then, it is sent again.
5. Xero's refusal of one element lands on its own record in plain words; the rest of the
   batch is saved.

Subclasses say where the state lives (`state_field` ...), what to send (`payload`), how to
save a batch (`save`) and find sent records (`find_sent`), and what accepting a record means
(`accepted`).
"""

import hashlib
import json
import time
from datetime import timedelta

from markupsafe import Markup
from odoo import fields

from ..xero_client.errors import XeroTransientError, XeroValidationError
from .importers import commit
from .records import read_page

BATCH = 50  # Xero's advice for batched writes


class Unsendable(Exception):
    """Xero would refuse the record and Odoo already knows why (plain words)."""


class BatchExporter:
    key = label = None
    batch_size = BATCH
    # where a record keeps its state; `done_states` are the states of a record Xero has
    state_field = error_field = sent_field = job_field = None
    done_states = ()
    result_id_key = "ID"

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id
        self._notes = {}

    # ------------------------------------------------------------------ to override
    def records(self):
        raise NotImplementedError

    def payload(self, record):
        """The Xero element for one record; raises Unsendable with a plain reason."""
        raise NotImplementedError

    def token(self, record):
        raise NotImplementedError

    def carries(self, checked, token):
        """Does this checked record of Xero's (records.py) carry the token?"""
        raise NotImplementedError

    def reply_kind(self, group):
        """The records.py kind Xero's elements of this group are read as."""
        raise NotImplementedError

    def group(self, record):
        """Records of different groups (Xero collections) never share a batch."""

    def save(self, group, payloads, idempotency_key):
        """-> one result per payload: {result_id_key: id or None, "ValidationErrors": [...], ...}."""
        raise NotImplementedError

    def find_sent(self, group, records, since):
        """Xero elements that may carry these records' tokens (changed since `since`)."""
        raise NotImplementedError

    def element_of(self, result):
        return result

    def prepare(self, records):
        """Before payloads are built (e.g. contacts for documents); -> records still to send."""
        return records

    def accepted(self, record, xero_id, element):
        raise NotImplementedError

    def refused_note(self, message):
        raise NotImplementedError

    # ------------------------------------------------------------------ run
    def run(self, deadline=None):
        records = self.records()
        self.job.write({"progress_total": len(records)})
        self._adopt_lost(records.filtered(lambda r: r[self.state_field] == "sending"))
        todo = records.filtered(lambda r: r[self.state_field] not in self.done_states)
        todo = self.prepare(todo) if todo else todo
        ready = {}
        for record in todo:
            try:
                ready.setdefault(self.group(record), []).append((record, self.payload(record)))
            except Unsendable as exc:
                self._error(record, str(exc))
        commit(self.env)
        for group, items in ready.items():
            for start in range(0, len(items), self.batch_size):
                if deadline and time.monotonic() > deadline:
                    return False  # the next scheduler call resumes with what is left
                self._send(group, items[start:start + self.batch_size])
        return True

    @staticmethod
    def idempotency_key(payloads, attempts=None):
        """The same content sent again (after a lost reply) gets the same key, so Xero answers
        from its memory instead of saving twice. `attempts` tells a retry after Xero refused
        (whose cause may lie in Xero, e.g. a lock date, not in the content) from a resend."""
        material = json.dumps([payloads, attempts or []], sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    def _send(self, group, batch):
        records = self.env[batch[0][0]._name].concat(*[r for r, _p in batch])
        # a record Xero refused keeps the time of that send: its retry is a new request
        attempts = [r[self.sent_field] if r[self.state_field] == "error" else None for r in records]
        records.write({self.state_field: "sending", self.job_field: self.job.id,
                       self.sent_field: fields.Datetime.now()})
        commit(self.env)  # the mark must survive a lost reply
        payloads = [p for _r, p in batch]
        try:
            results = self.save(group, payloads, self.idempotency_key(payloads, attempts))
        except XeroTransientError as exc:
            self.job._log(self.env._("No reply from Xero for %(count)s records (%(why)s): checking Xero "
                                     "before any resend.", count=len(batch), why=exc.message))
            self._adopt_lost(records, again_later=True)
            return
        except XeroValidationError as exc:
            results = exc.elements_as_results(len(batch))
        for (record, _payload), result in zip(batch, results, strict=False):
            errors = [e.get("Message") for e in result.get("ValidationErrors") or [] if e.get("Message")]
            if errors or not result.get(self.result_id_key):
                self._error(record, "; ".join(errors) or self.env._("Xero did not accept it."))
            else:
                self.accepted(self._quiet(record), result[self.result_id_key], self.element_of(result))
        self._flush_notes()
        commit(self.env)

    @staticmethod
    def _quiet(record):
        """Writing Xero's answer onto a record changes no amount: Odoo need not recompute the
        document's lines (on an invoice that costs more than the whole rest of publishing)."""
        return record.with_context(skip_invoice_sync=True)

    def _note(self, record, body):
        """A chatter note, written with the batch's others in one go (_flush_notes)."""
        self._notes.setdefault(record._name, {}).setdefault(record.id, []).append(body)

    def _flush_notes(self):
        for model, bodies in self._notes.items():
            self.env[model].browse(list(bodies))._message_log_batch(
                {rid: Markup("<br/>").join(lines) for rid, lines in bodies.items()})
        self._notes = {}

    def _adopt_lost(self, records, again_later=False):
        """Records Xero accepted whose reply was lost: found by token, never resent."""
        if not records:
            return
        groups = {}
        for record in records:
            groups.setdefault(self.group(record), self.env[record._name])
            groups[self.group(record)] |= record
        for group, mine in groups.items():
            since = min(filter(None, mine.mapped(self.sent_field)), default=None)
            # Xero's reply read once, at the page edge: an unreadable element cannot be adopted
            found = read_page(self.reply_kind(group), self.find_sent(
                group, mine, since and since - timedelta(minutes=5))).records
            for record in mine:
                token = self.token(record)
                match = next((e for e in found if self.carries(e, token)), None)
                if match:
                    self.accepted(self._quiet(record), match.xero_id, match.raw)
                elif again_later:
                    record.write({self.error_field: self.env._(
                        "No reply from Xero: it is looked for in Xero again before it is sent again.")})
                else:
                    # sent again with the key of the lost request: should Xero have saved it
                    # after all, it answers from its memory
                    record.write({self.state_field: "error", self.sent_field: False, self.error_field: self.env._(
                        "Not found in Xero after a lost reply: sent again.")})
        self._flush_notes()
        commit(self.env)

    def _error(self, record, message):
        # the chatter says it once, not at every scheduled run that finds the same reason
        again = record[self.state_field] == "error" and record[self.error_field] == message
        record.write({self.state_field: "error", self.error_field: message})
        if not again:
            record.message_post(body=self.refused_note(message))
        self.job._count_step(self.key, {"errors": 1})
        self.job._log(self.env._("%(record)s: %(why)s", record=record.display_name, why=message))

    def _done(self, created=True):
        # per step, so the job's summary says what was sent (and a run that sent something is
        # never taken for one that found nothing)
        self.job._count_step(self.key, {"created" if created else "updated": 1})
        self.job.progress_done += 1
