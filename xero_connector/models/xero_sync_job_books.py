"""After a scheduled sync, a books check where the organisation asks for one."""

import logging

from odoo import models

_logger = logging.getLogger(__name__)


class XeroSyncJob(models.Model):
    _inherit = "xero.sync.job"  # pylint: disable=consider-merging-classes-inherited

    def _finish(self):
        res = super()._finish()
        conn = self.connection_id
        if self.trigger == "schedule" and self.kind in ("full", "documents") and conn.books_check_after_sync:
            try:
                self.env["xero.books.run"]._check(conn, trigger="schedule")
            except Exception:  # noqa: BLE001 (a failed check never fails the sync that ran)
                _logger.exception("Books check after the sync of %s failed", conn.name)
        return res
