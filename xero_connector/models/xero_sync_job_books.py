"""After a scheduled sync, a books check where the organisation asks for one: after the daily full
sync and after every scheduled pull that brought something new from Xero. A quiet poll (nothing
changed) does not check again: the books cannot have moved apart in Xero since the last check,
and quiet must stay nearly free (issue 30)."""

import logging

from odoo import models

_logger = logging.getLogger(__name__)


class XeroSyncJob(models.Model):
    _inherit = "xero.sync.job"  # pylint: disable=consider-merging-classes-inherited

    def _finish(self):
        res = super()._finish()
        conn = self.connection_id
        if conn.books_check_after_sync and self._books_check_due():
            try:
                with self.env.cr.savepoint():
                    self.env["xero.books.run"]._check(conn, trigger="schedule")
            except Exception:  # noqa: BLE001 (a failed check never fails the sync that ran)
                _logger.exception("Books check after the sync of %s failed", conn.name)
        return res

    def _books_check_due(self):
        """A scheduled pull that read Xero's documents: the daily full sync, a documents run, or
        a run of changes that was not quiet."""
        if self.trigger != "schedule" or self.kind not in ("full", "documents", "changes"):
            return False
        return self.kind != "changes" or not self._is_quiet()
