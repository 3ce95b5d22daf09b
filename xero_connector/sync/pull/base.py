"""Importers: fetch one Xero entity page by page and hand each record to its binder.

They orchestrate only: the records package reads each page once into checked records,
values come from mappers.pull, bindings from xero.binding.mixin. Each page runs in savepoints of
SLICE records, each committed, so a job that dies (or whose turn ends inside a long page) resumes
from its last committed slice; each record runs in its own savepoint, so one bad record loses
nothing else.
"""

import logging
import time
from collections import Counter

from ...worker_budget import room_for
from ...xero_client.const import MAX_PAGE_SIZE
from .. import records
from ..mappers import pull as pull_mappers
from ..steps import DONE, commit

READ_OK = ("created", "updated", "unchanged")  # read and booked: where a mapped list's row stands
SLICE = 250  # records of a page booked between two commits (and two looks at the clock)

_logger = logging.getLogger(__name__)


class Importer:
    """One Xero entity, page by page: read at the page edge, then one outcome per record.

        importer = steps.get("contacts")(job, xero)
        finished = importer.run(deadline)   # False: out of time, the job resumes at job.page

    Subclasses name the entity and import checked records (import_one, or import_records
    for a whole page); every record ends created, updated, unchanged, skipped (a repeated
    copy, or nothing to book), pending (waits for a person) or unreadable (Xero sent it
    spoiled), so a job's counts always add up to what Xero sent.
    """

    key = None
    collection = None       # Xero collection, e.g. "Contacts"
    label = None            # _lt("Contacts"): the step's name in the user's words
    paged = False
    incremental = True      # Xero honours If-Modified-Since for this collection
    params = None
    by_ids = "IDs"          # how Xero fetches given records: "IDs", "where", or None (whole list)
    follows_invoices = False  # a webhook job for changed invoices reads this step's changes too
    id_key = None           # Xero's ID key, for `where` look-ups

    def __init__(self, job, xero):
        self.job, self.xero = job, xero
        self.env = job.env
        self.conn = job.connection_id
        self.company = self.conn.company_id
        self.cursor = self.env["xero.sync.cursor"]._get(self.conn, self.key)

    # -- orchestration
    def run(self, deadline):
        if not self.conn._pulls_step(self):  # direction settings: this organisation publishes these
            return True
        since = self.cursor.modified_since if self.incremental else None
        only = (self.job.only_ids or {}).get(self.key)
        if self.job.only_ids and not only and not (self.follows_invoices and "invoices" in self.job.only_ids):
            return True  # a webhook job for other entities
        if only:
            pages = [(1, self.fetch_ids(only))]
        elif self.paged:
            pages = self.xero.iter_pages(
                self.collection, params=self.params, modified_since=since,
                start_page=self.job.page,
            )
        else:
            pages = [(1, self.xero.get_all(self.collection, params=self.params, modified_since=since))]
        for page, items in pages:
            replied = self.xero.replied_at  # this page's reply: importing it may call Xero again
            # a page of up to 1,000 records is booked a slice at a time, each slice committed: past
            # its turn's deadline a page goes on, unless the next slice would come near the cron
            # worker's limits (Odoo's 60 s of CPU by default); then the turn ends inside the page
            # and the next reads the page again and goes on after the slices already booked
            sliced = self.paged and not only
            done = min(self.job.page_offset, len(items)) if sliced and page == self.job.page else 0
            while True:
                part = items[done:done + SLICE] if sliced else items
                last = done + len(part) >= len(items)
                began = time.monotonic()
                with self.env.cr.savepoint():
                    self._process_page(part)
                    self.job.write({
                        "page": page + 1 if last else page,
                        "page_offset": 0 if last else done + len(part),
                        "progress_done": self.job.progress_done + len(part),
                        "progress_total": max(self.job.progress_total, self.job.progress_done + len(items) - done),
                    })
                    self.job._add_stats(self.xero.stats)
                    if not only:  # Xero's clock when the read began: its next mark (xero_sync_cursor.py)
                        self.cursor._replied(replied)
                commit(self.env)
                done += len(part)
                if last:
                    break
                if time.monotonic() > deadline and not room_for((time.monotonic() - began) * 1.5):
                    return False  # the worker's limits are near: the next turn reads the page again
            if time.monotonic() > deadline and self.paged and len(items) >= MAX_PAGE_SIZE:
                return False  # out of time, and Xero may have another page
        with self.env.cr.savepoint():
            self.retry_unreadable()
            self.retry_pending()
            if not only:
                self._complete_step()
            state = self.mapping_state()
            if state:
                self.job._count_step(self.key, state, replace=True)
        commit(self.env)
        return True

    def _complete_step(self):
        """Move the high-water mark, unless Xero sent a record this run that cannot be asked
        for again (no readable ID): then the next run reads again from the old mark, so that
        record is not lost once Xero sends it readable."""
        Pending = self.env["xero.pending.item"]
        nameless = [("connection_id", "=", self.conn.id), ("xero_type", "=", self.key), ("state", "=", "open"),
                    ("reason_code", "=", "unreadable"), ("xero_id", "=like", "no-id-%")]
        held = Pending.search_count(nameless + [("job_id", "=", self.job.id)])
        if held:
            self.cursor._restart()
            self.job._log(self.env._(
                "%(label)s: %(count)s records without a readable ID: the next run reads them again.",
                label=self.env._(self.label), count=held))
            return
        self.cursor._complete()
        # read again from before them and all readable now: those records were booked this run
        Pending.search(nameless)._resolve(self.env._("Read again by %s: Xero sends them readable now.",
                                                    self.job.name))

    def mapping_state(self):
        """For lists people map: {"matched": n, "to map": m} over the organisation's bindings."""
        return

    def _process_page(self, items):
        """Read the page once, import what is readable, report one outcome per item."""
        page = records.read_page(self.key, items)
        self.job._count(fetched=len(page.records) + len(page.unreadable) + len(page.repeated))
        self.job._add_check_time(page.seconds)
        for record in page.records:
            self.cursor._seen(getattr(record, "updated_date_utc", None))
        results = [(bad, *self.unreadable(bad)) for bad in page.unreadable]
        results += self.import_records(page.records)
        # a record read and booked, or with nothing to book (voided before it was ever booked),
        # waits no more
        done = [r.xero_id for r, outcome, _d in results if outcome in DONE]
        self.env["xero.pending.item"]._clear_for(self.conn, self.key, done, self.env._("Booked by %s.", self.job.name))
        results += [(copy, "skipped", self.env._("sent twice in one page: read once"))
                    for copy in page.repeated]
        self.job._count_step(self.key, Counter(outcome for _record, outcome, _detail in results))
        # a list people map says where each row read stands (matched, to map, archived), as the
        # summary does, not "created" for a new mapping row left unmatched
        states = self.row_states([r.xero_id for r, o, _d in results if o in READ_OK])
        self.job._add_rows([pull_mappers.row(self.collection, r, states.get(r.xero_id, o) if o in READ_OK else o, d)
                            for r, o, d in results])
        return results

    def row_states(self, xero_ids):
        """Lists people map: {Xero ID: "matched", "to map" or "archived"} of the rows read."""
        return {}

    def import_records(self, checked):
        """Checked records -> [(record, outcome, detail)]; one savepoint per record."""
        bindings = self.binding_model()._by_xero_id(self.conn, [r.xero_id for r in checked])
        results = []
        for record in checked:
            try:
                with self.env.cr.savepoint():
                    outcome, detail = self.import_one(record, bindings.get(record.xero_id))
            except Exception as exc:  # noqa: BLE001 (one record, one outcome: the page goes on)
                outcome, detail = self.refused(record, exc)
            results.append((record, outcome, detail))
        return results

    # -- to override
    def binding_model(self):
        raise NotImplementedError

    def import_one(self, record, binding):
        """-> (outcome, detail); outcome is one of created/updated/unchanged/skipped/pending."""
        raise NotImplementedError

    # -- records that wait
    def fetch_ids(self, xero_ids):
        """These records, fetched again from Xero (webhooks, unreadable ones healing)."""
        found = []
        for start in range(0, len(xero_ids), 50):
            chunk = list(xero_ids[start:start + 50])
            if self.by_ids == "IDs":
                found += _listed(self.xero.get(self.collection, params={"IDs": ",".join(chunk)}),
                                 self.collection)
            elif self.by_ids == "where":
                where = " OR ".join(f'{self.id_key}==Guid("{i}")' for i in chunk)
                found += _listed(self.xero.get(self.collection, params={"where": where}), self.collection)
            else:
                wanted = set(chunk)
                found += [i for i in self.xero.get_all(self.collection, params=self.params)
                          if not isinstance(i, dict) or i.get(self.id_key) in wanted]
        return found

    def retry_unreadable(self):
        """Records Xero sent unreadable are asked for again: sent healthy, they are booked and
        their pending items cleared (a spoiled reply changes nothing in Xero, so an incremental
        sync would not bring them again)."""
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", self.key),
            ("state", "=", "open"), ("reason_code", "=", "unreadable"),
            ("xero_id", "not like", "no-id-%"), ("job_id", "!=", self.job.id),  # not this run's
        ])
        if items:
            self._process_page(self.fetch_ids(items.mapped("xero_id")))

    def retry_pending(self):
        """Give open pending items of this entity another chance (their cause may be gone)."""
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", self.key), ("state", "=", "open"),
            ("reason_code", "not in", ("conflict", "unreadable")),
        ])
        page = records.read_page(self.key, [i.raw_data for i in items if i.raw_data])
        if not page.records:
            return
        by_id = {i.xero_id: i for i in items}
        cleared = 0
        for record, outcome, _detail in self.import_records(page.records):
            if outcome != "pending" and record.xero_id in by_id:
                by_id[record.xero_id]._resolve(self.env._("Cleared by %s.", self.job.name))
                cleared += 1
        if cleared:
            self.job._log(self.env._("%(count)s waiting %(what)s booked.", count=cleared,
                                    what=self.env._(self.label)))

    # -- helpers
    def write_binding(self, binding, vals):
        """Create or update a binding; -> 'created', 'updated' or 'unchanged'."""
        if not binding:
            self.binding_model().create({"connection_id": self.conn.id, **vals})
            return "created"
        changed = {k: v for k, v in vals.items() if _differs(binding[k], v)}
        if not changed:
            return "unchanged"
        binding.write(changed)
        return "updated"

    def pending(self, record, reason_code, reason):
        self.env["xero.pending.item"]._raise_for(
            self.conn, self.key, record.xero_id, _label(record), reason_code, reason, record.raw, self.job,
        )
        return "pending", reason

    def refused(self, record, exc):
        """Odoo refused a checked record (a constraint, a lock date...): it waits with the reason."""
        _logger.info("Xero %s %s not booked: %s", self.key, record.xero_id, exc)
        return self.pending(record, "odoo_refused", self.env._(
            "Odoo refused to book it: %s", str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__))

    def unreadable(self, bad):
        reason = self.env._("Xero sent it unreadable: %(field)s %(reason)s.",
                            field=bad.field or self.env._("the record"), reason=bad.reason)
        self.env["xero.pending.item"]._raise_for(
            self.conn, self.key, bad.xero_id, bad.label or bad.xero_id, "unreadable", reason, bad.raw, self.job,
        )
        return "unreadable", reason


def _label(record):
    return getattr(record, "number", None) or getattr(record, "name", None) or getattr(
        record, "reference", None) or record.xero_id


def _listed(reply, collection):
    items = (reply or {}).get(collection) if isinstance(reply, dict) else None
    return items if isinstance(items, list) else ([] if items is None else [items])


def _differs(current, new):
    if hasattr(current, "id"):  # a record
        return current.id != (new or False)
    if isinstance(new, float) and isinstance(current, float):
        return abs(current - new) > 1e-9
    return (current or False) != (new or False)
