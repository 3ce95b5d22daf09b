import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync import mappers, records


class XeroPendingItem(models.Model):
    """A Xero record that could not be booked in Odoo until a person acts.

    Never a silent drop: the raw Xero data is kept, and the next sync retries it and
    clears the item once its cause is gone.
    """

    _name = "xero.pending.item"
    _description = "Xero Pending Item"
    _inherit = ["mail.thread"]
    _order = "id desc"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_type = fields.Char("Xero Record Type", required=True, readonly=True)
    xero_id = fields.Char("Xero ID", required=True, readonly=True, index=True)
    name = fields.Char("Record", readonly=True)
    reason_code = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)
    raw_data = fields.Json("Xero Data", readonly=True)
    raw_data_text = fields.Text("Xero Data (JSON)", compute="_compute_raw_data_text")
    job_id = fields.Many2one("xero.sync.job", "Last Seen By", readonly=True, ondelete="set null")
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")], default="open", required=True, index=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", "Link to Partner", help="For a contact: the Odoo partner it is.",
    )

    _sql_constraints = [
        ("item_uniq", "unique(connection_id, xero_type, xero_id)", "One pending item per Xero record."),
    ]

    def _compute_raw_data_text(self):
        for item in self:
            item.raw_data_text = json.dumps(item.raw_data or {}, indent=2, sort_keys=True)

    @api.model
    def _raise_for(self, connection, xero_type, xero_id, name, reason_code, reason, data, job):
        """Open (or refresh) the pending item of one Xero record."""
        vals = {
            "name": name, "reason_code": reason_code, "reason": reason, "raw_data": data,
            "job_id": job.id if job else False, "state": "open",
        }
        item = self.search([
            ("connection_id", "=", connection.id), ("xero_type", "=", xero_type),
            ("xero_id", "=", xero_id),
        ])
        if item:
            item.write(vals)
        else:
            item = self.create({
                "connection_id": connection.id, "xero_type": xero_type, "xero_id": xero_id, **vals,
            })
        return item

    def _resolve(self, note):
        for item in self.filtered(lambda i: i.state == "open"):
            item.state = "resolved"
            item.message_post(body=note)

    @api.model
    def _clear_for(self, connection, xero_type, xero_ids, note):
        """Resolve the open items of these records (booked now), in one search."""
        if xero_ids:
            self.search([
                ("connection_id", "=", connection.id), ("xero_type", "=", xero_type),
                ("xero_id", "in", list(xero_ids)), ("state", "=", "open"),
            ])._resolve(note)

    # ------------------------------------------------------------------ people's actions
    def action_link_partner(self):
        """Link a contact to the partner chosen on the item."""
        for item in self:
            if item.xero_type != "contacts" or not item.partner_id:
                raise UserError(self.env._("Choose the Odoo partner this Xero contact is, then link it."))
            item._bind_contact(item.partner_id)
            item._resolve(self.env._("Linked to %s.", item.partner_id.display_name))
        return True

    def action_create_partner(self):
        """Create a new partner for a contact instead of linking an existing one."""
        for item in self:
            if item.xero_type != "contacts":
                raise UserError(self.env._("Only a contact can become a new partner."))
            countries = {c.code: c.id for c in self.env["res.country"].search([])}
            partner = self.env["res.partner"].create({
                **mappers.partner_values(item._checked_contact(), countries),
                "company_id": item.company_id.id,
            })
            item.partner_id = partner
            item._bind_contact(partner)
            item._resolve(self.env._("Created partner %s.", partner.display_name))
        return True

    def _checked_contact(self):
        contact = records.read_one("contacts", self.raw_data or {})
        if isinstance(contact, records.Unreadable):
            raise UserError(self.env._(
                "Xero sent this contact unreadable (%(field)s %(reason)s): fix it in Xero, the next "
                "sync brings it again.", field=contact.field, reason=contact.reason))
        return contact

    def _bind_contact(self, partner):
        binding = self.env["xero.contact"].search([
            ("connection_id", "=", self.connection_id.id), ("xero_id", "=", self.xero_id),
        ])
        vals = {**mappers.contact_binding(self._checked_contact()), "partner_id": partner.id}
        if binding:
            binding.write(vals)
        else:
            self.env["xero.contact"].create({"connection_id": self.connection_id.id, **vals})
