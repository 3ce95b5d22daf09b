"""An organisation that publishes documents without pulling them still hears when Xero voids or
deletes one it published: Odoo keeps counting a document Xero no longer does, and nothing else
would tell (the pull, which sees it for the organisations that pull, does not run for these).

One cheap read per collection and run: Xero's invoices (credit notes) voided or deleted since the
last look (If-Modified-Since, a `where` on the status), usually an empty page. Each one Odoo
published, still posted in Odoo, becomes a conflict pending item showing both sides (Odoo
posted, Xero voided or deleted) and the document waits "Edited on Both Sides": never cancelled
in Odoo silently, never ignored. The step runs in the scheduled syncs and in publishing jobs.
"""

from datetime import timedelta

from ..mappers import publish as publish_mappers
from ..records import read_page
from ..steps import _lt, commit, register
from .documents import quiet_move

LIVE = ("published", "mismatch", "changed")
KINDS = {"Invoices": "invoices", "CreditNotes": "credit_notes"}


@register
class PublishedWatch:
    key = "publish_watch"
    label = _lt("Published documents checked in Xero")  # pylint: disable=prefer-env-translation

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id

    def _watched_types(self):
        """The Odoo document types this organisation publishes and does not pull."""
        return [t for t, kind in publish_mappers.DOCUMENT_KINDS.items()
                if self.conn[f"direction_{kind}"] == "publish"]

    def run(self, deadline=None):
        self.import_records()
        commit(self.env)
        return True

    def import_records(self):
        """Read what Xero voided or deleted since the last look; raise a conflict for each
        document Odoo published and still counts."""
        types = self._watched_types()
        if not types:
            return
        Move = self.env["account.move"]
        for collection, kind in KINDS.items():
            mine = [t for t in types if publish_mappers.collection_of(t) == collection]
            live = [("xero_connection_id", "=", self.conn.id), ("move_type", "in", mine), ("state", "=", "posted"),
                    ("xero_id", "!=", False), ("xero_publish_state", "in", LIVE)]
            if not mine or not Move.search_count(live, limit=1):
                continue
            cursor = self.env["xero.sync.cursor"]._get(self.conn, f"{self.key}:{collection}")
            since = cursor.modified_since
            if not since:  # the first look: from the first document published
                first = Move.search(live, order="xero_published_at", limit=1).xero_published_at
                since = (first or cursor.create_date) - timedelta(minutes=5)
            found = read_page(kind, self.xero.find(collection, where='Status=="VOIDED" OR Status=="DELETED"',
                                                   modified_since=since)).records
            moves = {m.xero_id: m for m in Move.search(live + [("xero_id", "in", [d.xero_id for d in found])])}
            for doc in found:
                cursor._seen(doc.updated_date_utc)
                move = moves.get(doc.xero_id)
                if move:
                    self._conflict(kind, move, doc)
            cursor._complete()

    def _conflict(self, kind, move, doc):
        number = doc.number or move.xero_number or move.name
        reason = self.env._(
            "%(number)s is %(status)s in Xero, and still posted in Odoo as published: neither side was changed. "
            "Keep Xero's version to cancel it in Odoo, or enter it again in Xero (Xero never un-voids a document).",
            number=number, status=self.env._("deleted") if doc.status == "DELETED" else self.env._("voided"))
        self.env["xero.pending.item"]._raise_for(self.conn, kind, doc.xero_id, number, "conflict", reason, doc.raw,
                                                 self.job)
        quiet_move(move).write({"xero_publish_state": "conflict", "xero_publish_error": reason,
                                "xero_status": doc.status})
        move._message_log(body=reason)
        self.job._count_step(self.key, {"pending": 1})
        self.job._log(self.env._("%(record)s: %(why)s", record=move.display_name, why=reason))
