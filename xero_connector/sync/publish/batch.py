"""Sending Odoo records to Xero in batches, never twice, never half: the base of journal
posting (journals.py) and document publishing (documents.py).

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
   the next run; not found then, it is sent again. The token matches whole, where it was
   written (odoo:x:1 is not odoo:x:10); a Xero element is bound to one record: one already
   bound elsewhere, or a binding that fails, holds only that record (`sending`, with the reason).
5. Xero's refusal of one element lands on its own record in plain words; the rest of the
   batch is saved. A kind the connection may not write (its scope not granted, or Xero's 403)
   is held with the reason on each record; the job and the other kinds go on.
6. Batches overlap: while Xero answers one (or the rate limit holds it), Odoo writes the
   answer to the one before. Only the HTTP call runs in the second thread; it touches no
   cursor (the access token is read for it beforehand). Under Odoo's test runner, where every
   thread shares one cursor, the call runs in place, in the same order.

Subclasses say where the state lives (`state_field` ...), what to send (`payload`), how to
save a batch (`save`) and find sent records (`find_sent`), and what accepting a record means
(`accepted`).
"""

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from markupsafe import Markup
from odoo import fields
from odoo.exceptions import UserError
from psycopg2 import IntegrityError

from ...xero_client.errors import XeroForbiddenError, XeroTransientError, XeroValidationError
from ..records import read_page
from ..steps import commit

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
    # the record's field holding Xero's ID, and the one naming its organisation: one Xero
    # element is the copy of one record, never of two (see _owner)
    bound_field, bound_scope = None, None
    # the connector feature (xero_client FEATURE_SCOPES) whose scope writing this kind needs, and
    # the kind in words: without the scope, this kind is held, never the job (see _hold_kind)
    scope_feature = kind_words = None

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id
        self._notes, self._rows, self._tally = {}, [], {}
        self._held = set()  # ids found in Xero but not bound (see _hold): never sent this run
        self._refused = None  # Xero refused this kind to the connection (403): the reason

    # ------------------------------------------------------------------ to override
    def records(self):
        raise NotImplementedError

    def payload(self, record):
        """The Xero element for one record; raises Unsendable with a plain reason."""
        raise NotImplementedError

    def token(self, record):
        raise NotImplementedError

    def carries(self, checked, token):
        """Does this checked record of Xero's (the records package) carry the token? Exactly: the
        whole token where this exporter puts it, never as part of a longer one (odoo:x:1 is not
        carried by odoo:x:10)."""
        raise NotImplementedError

    def matches(self, record, checked):
        """Is this checked record of Xero's the copy of this record (after a lost reply)?"""
        return self.carries(checked, self.token(record))

    def reply_kind(self, group):
        """The records kind (records.KINDS) Xero's elements of this group are read as."""
        raise NotImplementedError

    def group(self, record):
        """Records of different groups (Xero collections) never share a batch."""

    def save(self, group, payloads, idempotency_key):
        """Runs in the sending thread: the HTTP call only, no ORM.
        -> one result per payload: {result_id_key: id or None, "ValidationErrors": [...], ...}."""
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
        if records and self.scope_feature and not self.conn._grants(self.scope_feature):
            self._hold_kind(records.filtered(lambda r: r[self.state_field] != "sending"), self.env._(
                "Xero does not allow this connection to write %(kind)s: reconnect the organisation to grant Xero "
                "access to %(kind)s (Xero asks for it at the next consent). Held until then; the rest publishes.",
                kind=self.env._(self.kind_words)))
            commit(self.env)
            return True
        self._adopt_lost(records.filtered(lambda r: r[self.state_field] == "sending"))
        todo = records.filtered(lambda r: r[self.state_field] not in self.done_states and r.id not in self._held)
        todo = self.prepare(todo) if todo else todo
        try:
            finished = self._send_all(self._batches(todo), deadline)
        finally:
            if getattr(self, "_token_source", None) is not None:
                self.xero.access_token = self._token_source
        self._flush()  # what the last batches could not send
        commit(self.env)
        return finished

    def _batches(self, records):
        """(group, [(record, payload)] of up to batch_size), built as they are sent: the first
        batch leaves at once, and each is built while Xero answers the one before."""
        groups = {}
        for record in records:
            groups.setdefault(self.group(record), []).append(record)
        for group, members in groups.items():
            batch = []
            for record in self._windows(members):
                try:
                    batch.append((record, self.payload(record)))
                except Unsendable as exc:
                    self._not_sent(record, str(exc))
                if len(batch) == self.batch_size:
                    yield group, batch
                    batch = []
            if batch:
                yield group, batch

    def _windows(self, members):
        """The records, each reading the database with the batch_size records around it only: every
        commit empties Odoo's cache, and a record read afterwards fetches its whole prefetch set (up
        to 1,000 records and their lines, for each field read) where the batch needs its own."""
        for start in range(0, len(members), self.batch_size):
            window = members[start:start + self.batch_size]
            yield from window[0].browse([r.id for r in window])

    def _send_all(self, batches, deadline):
        finished = True
        with self._caller() as caller:
            in_flight = None
            for group, batch in batches:
                if deadline and time.monotonic() > deadline:
                    finished = False  # the next scheduler call resumes with what is left
                    break
                if self._refused:  # Xero refused this kind to the connection: the rest is held, unsent
                    self._hold_kind(self.env[batch[0][0]._name].concat(*[r for r, _p in batch]), self._refused)
                    continue
                sent = (group, batch, self._launch(caller, group, batch))
                if in_flight:
                    self._finish(*in_flight)
                in_flight = sent
            if in_flight:
                self._finish(*in_flight)
        return finished

    def _caller(self):
        """Runs the batches' HTTP calls: a second thread, or in place under the test runner."""
        if self.env.registry.in_test_mode():
            return _InPlace()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="xero-send")

    @staticmethod
    def idempotency_key(payloads, attempts=None):
        """The same content sent again (after a lost reply) gets the same key, so Xero answers
        from its memory instead of saving twice. `attempts` tells a retry after Xero refused
        (whose cause may lie in Xero, e.g. a lock date, not in the content) from a resend."""
        material = json.dumps([payloads, attempts or []], sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    def _launch(self, caller, group, batch):
        """Mark the batch `sending` (committed: the mark must survive a lost reply), then send it."""
        records = self.env[batch[0][0]._name].concat(*[r for r, _p in batch])
        # a record Xero refused keeps the time of that send: its retry is a new request; one not
        # found after a lost reply has no time (see _adopt_lost): it goes as it went the first
        # time, with the lost request's key, so Xero answers from its memory if it saved it
        attempts = [(r[self.sent_field] or None) if r[self.state_field] == "error" else None for r in records]
        self._quiet(records).write({self.state_field: "sending", self.job_field: self.job.id,
                                    self.sent_field: fields.Datetime.now()})
        commit(self.env)
        payloads = [p for _r, p in batch]
        self._pin_token()
        return caller.submit(self.save, group, payloads, self.idempotency_key(payloads, attempts))

    def _pin_token(self):
        """The access token read here, for the call made from the other thread (reading it may
        refresh it, which needs this thread's cursor). It lives 30 minutes; a batch, seconds."""
        source = getattr(self, "_token_source", None)
        if source is None:
            source = self._token_source = getattr(self.xero, "access_token", None)
        if callable(source):
            self.xero.access_token = source()

    def _wait(self, call):
        """Xero's answer to a batch sent earlier (Odoo worked on the previous one meanwhile)."""
        return call.result()

    def _finish(self, group, batch, call):
        records = batch[0][0].browse([r.id for r, _p in batch])  # read together, see _windows
        batch = list(zip(records, [p for _r, p in batch], strict=True))
        try:
            results = self._wait(call)
        except XeroTransientError as exc:
            self.job._log(self.env._("No reply from Xero for %(count)s records (%(why)s): checking Xero "
                                     "before any resend.", count=len(batch), why=exc.message))
            self._adopt_lost(records, again_later=True)
            return
        except XeroForbiddenError as exc:  # a refused request saves nothing: held, sent once allowed
            self._refused = self.env._("%(why)s Reconnect the organisation to grant it; the rest publishes.",
                                       why=exc.message)
            self._hold_kind(records, self._refused)
            return
        except XeroValidationError as exc:
            results = exc.elements_as_results(len(batch))
        accepted = []
        for (record, _payload), result in zip(batch, results, strict=False):
            errors = [e.get("Message") for e in result.get("ValidationErrors") or [] if e.get("Message")]
            if errors or not result.get(self.result_id_key):
                self._error(record, "; ".join(errors) or self.env._("Xero did not accept it."))
            else:
                accepted.append((record, result[self.result_id_key], self.element_of(result)))
        self._bind_all(accepted, self._owners(records._name, [xero_id for _r, xero_id, _e in accepted]))
        self._flush()
        commit(self.env)

    @staticmethod
    def _quiet(record):
        """Writing Xero's answer onto a record changes no amount: Odoo need not recompute the
        document's lines (on an invoice that costs more than the whole rest of publishing)."""
        return record.with_context(skip_invoice_sync=True)

    def _note(self, record, body):
        """A chatter note, written with the batch's others in one go (_flush)."""
        self._notes.setdefault(record._name, {}).setdefault(record.id, []).append(body)

    def _add_row(self, row):
        """A row of the job's data file, written with the batch's others (_flush)."""
        self._rows.append(row)

    def _flush(self):
        """What a batch leaves on the job and in the chatter, written once per batch: per record,
        each write would cost more than the record's own (the data file alone grows with N)."""
        for model, bodies in self._notes.items():
            self.env[model].browse(list(bodies))._message_log_batch(
                {rid: Markup("<br/>").join(lines) for rid, lines in bodies.items()})
        self._notes = {}
        self.job._add_rows(self._rows)
        self._rows = []
        if self._tally:
            done = self._tally.pop("done", 0)
            # per step, so the job's summary says what was sent (and a run that sent something is
            # never taken for one that found nothing)
            self.job._count_step(self.key, self._tally)
            self.job.progress_done += done
            self._tally = {}

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
            owners, adopted = self._owners(mine._name, [e.xero_id for e in found]), []
            for record in mine:
                matches = [e for e in found if self.matches(record, e)]
                # a Xero element already bound (to another record, or claimed in this run) is not adopted
                match = next((e for e in matches if owners.get(e.xero_id, record) == record), None)
                if match:
                    owners[match.xero_id] = record
                    adopted.append((record, match.xero_id, match.raw))
                elif matches:
                    owner = owners[matches[0].xero_id]
                    self._hold(record, self.env._(
                        "Found in Xero after a lost reply, but Xero's copy (%(xero)s) is already bound to "
                        "%(other)s: check both in Xero and unbind the wrong one; it is not sent again meanwhile.",
                        xero=matches[0].xero_id, other=owner.display_name))
                elif again_later:
                    record.write({self.error_field: self.env._(
                        "No reply from Xero: it is looked for in Xero again before it is sent again.")})
                else:
                    # sent again with the key of the lost request: should Xero have saved it
                    # after all, it answers from its memory
                    record.write({self.state_field: "error", self.sent_field: False, self.error_field: self.env._(
                        "Not found in Xero after a lost reply: sent again.")})
            self._bind_all(adopted, owners)
        self._flush()
        commit(self.env)

    def _owners(self, model, xero_ids):
        """{Xero ID: the record bound to it} for these IDs, in one query."""
        xero_ids = [x for x in xero_ids if x]
        if not self.bound_field or not xero_ids:
            return {}
        domain = [(self.bound_field, "in", xero_ids)]
        if self.bound_scope:
            domain.append((self.bound_scope, "=", self.conn.id))
        bound = self.env[model].with_context(active_test=False).sudo().search(domain)
        return {r[self.bound_field]: r for r in bound}

    def _bind_all(self, accepted, owners):
        """Bind each (record, Xero ID, element) Xero has: all in one savepoint (one flush), and
        should that fail (two records claiming one Xero element, a constraint), again one by one,
        so only the failing ones are held, with the reason, and the rest of the batch is bound.
        `owners`: _owners() of the IDs, {Xero ID: record}, as records are bound."""
        if not accepted:
            return
        kept = self._kept(owners)
        try:
            with self.env.cr.savepoint():  # flushes on entry and exit: a constraint fails in here
                for record, xero_id, element in accepted:
                    self._bind(record, xero_id, element, owners)
            return
        except (IntegrityError, UserError):
            self._notes, self._rows, self._tally, owners_then = kept  # rolled back with the savepoint
            owners.clear()
            owners.update(owners_then)
        for record, xero_id, element in accepted:
            kept = self._kept(owners)
            try:
                with self.env.cr.savepoint():
                    self._bind(record, xero_id, element, owners)
            except (IntegrityError, UserError) as exc:
                self._notes, self._rows, self._tally, owners_then = kept
                owners.clear()
                owners.update(owners_then)
                self._hold(record, self.env._("Xero has it (%(xero)s), but Odoo could not bind it: %(why)s",
                                              xero=xero_id, why=getattr(exc, "pgerror", None) or str(exc)))

    def _kept(self, owners):
        """What a rolled-back savepoint must take back outside the database too."""
        return ({m: {k: list(v) for k, v in bodies.items()} for m, bodies in self._notes.items()},
                list(self._rows), dict(self._tally), dict(owners))

    def _bind(self, record, xero_id, element, owners):
        """`accepted`, unless Xero's element is already bound to another record: then this one is
        held with the reason."""
        owner = owners.get(xero_id)
        if owner and owner.id != record.id:
            self._hold(record, self.env._(
                "Xero answered with its copy %(xero)s, already bound to %(other)s: check both in Xero and unbind "
                "the wrong one; it is not sent again meanwhile.", xero=xero_id, other=owner.display_name))
            return
        self.accepted(self._quiet(record), xero_id, element)
        owners[xero_id] = record

    def _hold(self, record, reason):
        """Found in Xero but not bound: the record stays `sending`, so every run looks for it
        again and none sends it again (never twice in Xero); the reason is on it, the rest go on."""
        self._held.add(record.id)
        self._quiet(record).write({self.state_field: "sending", self.error_field: reason})
        self.job._count_step(self.key, {"errors": 1})
        self.job._log(self.env._("%(record)s: %(why)s", record=record.display_name, why=reason))
        self._held_row(record, reason)

    def _hold_kind(self, records, reason):
        """Xero does not let this connection write this kind of record: each one waits with the
        reason (its error), in one write and one log line; the job and the other kinds go on."""
        if not records:
            return
        self._quiet(records).write({self.state_field: "error", self.error_field: reason})
        self.job._count_step(self.key, {"errors": len(records)})
        self.job._log(self.env._("%(count)s held: %(why)s", count=len(records), why=reason))
        for record in records:
            self._held_row(record, reason)
        self._flush()
        commit(self.env)

    def _held_row(self, record, reason):
        """The held record's row in the job's data file (exporters that keep one)."""

    def _error(self, record, message):
        # the chatter says it once, not at every scheduled run that finds the same reason
        again = record[self.state_field] == "error" and record[self.error_field] == message
        record.write({self.state_field: "error", self.error_field: message})
        if not again:
            record.message_post(body=self.refused_note(message))
        self.job._count_step(self.key, {"errors": 1})
        self.job._log(self.env._("%(record)s: %(why)s", record=record.display_name, why=message))

    def _not_sent(self, record, message):
        """Odoo knows why Xero would refuse the record (Unsendable): nothing was sent. Exporters
        with a state of its own for that (documents: "Not Sent") override this."""
        self._error(record, message)
        self.job._count_not_sent(self.key, counted=True)  # an error by _error; the job's words tell it apart

    def _done(self, created=True):
        for key in ("created" if created else "updated", "done"):
            self._tally[key] = self._tally.get(key, 0) + 1


class _InPlace:
    """ThreadPoolExecutor's interface, calling in place (Odoo's test runner: one shared cursor)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        return _Done(fn, *args)


class _Done:
    def __init__(self, fn, *args):
        try:
            self._value, self._error = fn(*args), None
        except Exception as exc:  # noqa: BLE001 (raised again by result(), as a Future does)
            self._value, self._error = None, exc

    def result(self):
        if self._error is not None:
            raise self._error
        return self._value
