from odoo import api, fields, models


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
        help="Newest change seen by the sync in progress; becomes the mark when it completes.",
    )

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

    def _complete(self):
        if self.running_max:
            self.write({"modified_since": self.running_max, "running_max": False})
