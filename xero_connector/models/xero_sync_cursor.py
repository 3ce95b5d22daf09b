"""The high-water mark of one entity of one organisation: the If-Modified-Since of its next read.

A mark must make a quiet poll cost nothing and lose nothing. Xero's If-Modified-Since has whole
seconds while its UpdatedDateUTC has milliseconds, so a mark taken from the newest change seen
(cut to its second) brought back, at every poll, the records stamped in that second: a quiet
organisation was never quiet. The mark is therefore taken from Xero's own clock when the read
began (the DateTimeUTC of its first reply), less a second: everything changed before the read
began was in it, everything changed after comes with the next read (in the mark's second too,
even where Xero's comparison is strict), and a poll where nothing changed gets an empty reply.
Where a reply carries no DateTimeUTC, the newest change seen is the mark, as before.

    cursor._replied(xero.replied_at)   # after each page of the read
    cursor._seen(record.updated_date_utc)
    cursor._complete()                 # the read is whole: its start becomes the mark
"""

from datetime import UTC, timedelta

from odoo import api, fields, models

READ_MARGIN = timedelta(seconds=1)  # the mark, before the read began: its second is read again


class XeroSyncCursor(models.Model):
    """The high-water mark of one entity of one organisation (If-Modified-Since)."""

    _name = "xero.sync.cursor"
    _description = "Xero Sync High-Water Mark"
    _order = "connection_id, entity"

    connection_id = fields.Many2one("xero.connection", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    entity = fields.Char(required=True)
    modified_since = fields.Datetime(
        help="Only records Xero changed after this moment are fetched by the next sync.",
    )
    running_max = fields.Datetime(
        help="Newest change seen by the sync in progress.",
    )
    read_started = fields.Datetime(
        help="Xero's clock when the read in progress began: less a second, the next mark when it completes.",
    )
    latest_change = fields.Datetime(
        "Latest Change in Xero", readonly=True, help="The newest change Xero had made when it was last read.")

    _sql_constraints = [
        ("entity_uniq", "unique(connection_id, entity)", "One mark per entity and organisation."),
    ]

    @api.model
    def _get(self, connection, entity):
        cursor = self.search([("connection_id", "=", connection.id), ("entity", "=", entity)])
        return cursor or self.create({"connection_id": connection.id, "entity": entity})

    def _seen(self, updated):
        if updated and (not self.running_max or updated > self.running_max):
            self.running_max = updated

    def _replied(self, moment):
        """Xero's clock at a reply of the read in progress; the first one is when it began."""
        if moment and not self.read_started:
            self.read_started = _naive_utc(moment)

    def _complete(self):
        vals = {"running_max": False, "read_started": False}
        if self.read_started:
            vals["modified_since"] = self.read_started - READ_MARGIN
        elif self.running_max:
            vals["modified_since"] = self.running_max
        if self.running_max and (not self.latest_change or self.running_max > self.latest_change):
            vals["latest_change"] = self.running_max
        if self.read_started or self.running_max:
            self.write(vals)

    def _restart(self):
        """The read is not whole (a record it cannot ask for again): the next one starts from the
        old mark, and its own start is the one that counts."""
        self.write({"running_max": False, "read_started": False})


def _naive_utc(moment):
    """An aware moment -> naive UTC, as Odoo stores datetimes."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
