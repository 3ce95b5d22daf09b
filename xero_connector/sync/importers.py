"""Importers: fetch one Xero entity page by page and hand each record to its binder.

They orchestrate only: values come from mappers.py, bindings from xero.binding.mixin.
Each page runs in a savepoint and is committed, so a job that dies resumes from its last
committed page; each record runs in its own savepoint, so one bad record loses nothing else.
"""

import logging
import threading
import time

from . import mappers

_logger = logging.getLogger(__name__)
REGISTRY = {}
KIND_STEPS = {
    "reference": ["accounts", "tax_rates", "tracking"],
    "contacts": ["contacts"],
    "documents": ["invoices", "credit_notes", "payments"],
    "full": ["accounts", "tax_rates", "tracking", "contacts", "invoices", "credit_notes", "payments"],
    "journals": ["journals"],
    "publish": ["publish"],
}


def register(cls):
    REGISTRY[cls.key] = cls
    return cls


def get(key):
    return REGISTRY[key]


def steps_for(kind):
    return [step for step in KIND_STEPS[kind] if step in REGISTRY]


def commit(env):
    """Commit a page of work; under Odoo's test runner the test owns the transaction."""
    if getattr(threading.current_thread(), "testing", False):
        env.flush_all()
    else:
        env.cr.commit()


class Importer:
    key = None
    collection = None       # Xero collection, e.g. "Contacts"
    label = None
    id_key = None           # e.g. "ContactID"
    label_key = "Name"
    paged = False
    incremental = True      # Xero honours If-Modified-Since for this collection
    params = None

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
        if self.job.only_ids and not only:
            return True  # a webhook job for other entities
        if only:
            pages = [(1, self.xero.get(self.collection, params={"IDs": ",".join(only)})
                      .get(self.collection, []))]
        elif self.paged:
            pages = self.xero.iter_pages(
                self.collection, params=self.params, modified_since=since,
                start_page=self.job.page,
            )
        else:
            pages = [(1, self.xero.get_all(self.collection, params=self.params, modified_since=since))]
        for page, items in pages:
            with self.env.cr.savepoint():
                self._process_page(items)
                self.job.write({
                    "page": page + 1,
                    "progress_done": self.job.progress_done + len(items),
                    "progress_total": max(self.job.progress_total, self.job.progress_done + len(items)),
                })
                self.job._add_stats(self.xero.stats)
            commit(self.env)
            if time.monotonic() > deadline and self.paged and len(items):
                return False
        with self.env.cr.savepoint():
            self.retry_pending()
            if not only:
                self.cursor._complete()
        commit(self.env)
        return True

    def _process_page(self, items):
        self.job._count(fetched=len(items))
        bindings = self.binding_model()._by_xero_id(self.conn, [i[self.id_key] for i in items])
        rows = []
        for item in items:
            self.cursor._seen(mappers.xero_updated(item))
            try:
                with self.env.cr.savepoint():
                    outcome, detail = self.import_one(item, bindings.get(item[self.id_key]))
            except Exception as exc:  # noqa: BLE001 (one bad record must not stop the page)
                _logger.info("Xero %s %s failed: %s", self.key, item.get(self.id_key), exc)
                outcome, detail = "errors", str(exc)
                self.job._log(self.env._("%(what)s %(name)s: %(why)s", what=self.label,
                                name=item.get(self.label_key), why=exc))
            self.job._count(**{outcome: 1})
            rows.append(mappers.row(self.collection, item, self.id_key, self.label_key, outcome, detail))
        self.job._add_rows(rows)

    # -- to override
    def binding_model(self):
        raise NotImplementedError

    def import_one(self, item, binding):
        """-> (outcome, detail); outcome is one of created/updated/unchanged/skipped/pending."""
        raise NotImplementedError

    def retry_pending(self):
        """Give open pending items of this entity another chance (their cause may be gone)."""
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", self.key), ("state", "=", "open"),
        ])
        if not items:
            return
        bindings = self.binding_model()._by_xero_id(self.conn, items.mapped("xero_id"))
        for pending in items:
            data = pending.raw_data or {}
            if not data:
                continue
            with self.env.cr.savepoint():
                outcome, _detail = self.import_one(data, bindings.get(pending.xero_id))
            if outcome != "pending":
                pending._resolve(self.env._("Cleared by %s.", self.job.name))
                if self.job.count_pending:
                    self.job._count(pending=-1)

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

    def pending(self, item, reason_code, reason):
        self.env["xero.pending.item"]._raise_for(
            self.conn, self.key, item[self.id_key], item.get(self.label_key), reason_code, reason,
            item, self.job,
        )
        return "pending", reason


def _differs(current, new):
    if hasattr(current, "id"):  # a record
        return current.id != (new or False)
    if isinstance(new, float) and isinstance(current, float):
        return abs(current - new) > 1e-9
    return (current or False) != (new or False)
