"""Customer name mapping: Xero contact names -> existing Odoo customers.

With the setting on, a Xero contact that matches no Odoo partner (by tax number, e-mail or
name) is not created: it waits as a pending item ("no matching customer") and its name is
listed here with no customer yet. The administrator picks the customer on the row (or imports
the rows from a spreadsheet); the next run links the contact, books every invoice and credit
note held for it and clears their pending items.
"""

from odoo import api, fields, models

from ..const import PARAM_CUSTOMER_NAMES
from ..sync.mappers import pull as pull_mappers
from ..utils import for_companies


class XeroCustomerName(models.Model):
    _name = "xero.customer.name"
    _description = "Xero Customer Name Mapping"
    _order = "partner_id nulls first, xero_name, id"
    _rec_name = "xero_name"

    connection_id = fields.Many2one(
        "xero.connection", "Organisation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_name = fields.Char("Name in Xero", required=True)
    name_key = fields.Char(compute="_compute_name_key", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", "Odoo Customer", index=True,
        domain="[('parent_id', '=', False), ('company_id', 'in', (company_id, False))]",
        help="The existing Odoo customer this Xero name books to.",
    )
    held_count = fields.Integer("Waiting", compute="_compute_held_count",
                                help="Contacts with this name waiting for a customer.")

    _sql_constraints = [
        ("name_uniq", "unique(connection_id, name_key)", "This Xero name is already mapped for the organisation."),
    ]

    @api.depends("xero_name")
    def _compute_name_key(self):
        for row in self:
            row.name_key = pull_mappers.normalise_name(row.xero_name)

    def _compute_held_count(self):
        items = self.env["xero.pending.item"].search([
            ("connection_id", "in", self.connection_id.ids), ("state", "=", "open"),
            ("reason_code", "=", "no_matching_customer")])
        held = {}
        for item in items:
            key = (item.connection_id.id, pull_mappers.normalise_name(item.name))
            held[key] = held.get(key, 0) + 1
        for row in self:
            row.held_count = held.get((row.connection_id.id, row.name_key), 0)

    @api.model_create_multi
    def create(self, vals_list):
        """A name already listed (a held one, say) is updated, not refused: importing a
        spreadsheet of names and customers fills the rows the sync listed."""
        rows, new = self.browse(), []
        for vals in vals_list:
            key = pull_mappers.normalise_name(vals.get("xero_name"))
            row = self.search([("connection_id", "=", vals.get("connection_id")), ("name_key", "=", key)],
                              limit=1) if key and vals.get("connection_id") else self.browse()
            if row:
                row.write({k: v for k, v in vals.items() if k != "xero_name" and v})
                rows |= row
            else:
                new.append(vals)
        return rows | super().create(new) if new else rows

    @api.model
    def _enabled(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param(PARAM_CUSTOMER_NAMES))

    @api.model
    def _lookup(self, connection):
        """{normalised Xero name: partner} of the organisation's mapped names."""
        rows = self.search([("connection_id", "=", connection.id), ("partner_id", "!=", False)])
        return {row.name_key: row.partner_id for row in rows}

    @api.model
    def _hold(self, connection, name):
        """List a Xero name waiting for its customer (once)."""
        key = pull_mappers.normalise_name(name)
        if key and not self.search_count([("connection_id", "=", connection.id), ("name_key", "=", key)]):
            self.create({"connection_id": connection.id, "xero_name": name})

    @api.model
    def _action_for(self, item):
        """Pending item's Fix: the list of names, at this one."""
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_customer_name")
        action["domain"] = [("connection_id", "=", item.connection_id.id),
                            ("name_key", "=", pull_mappers.normalise_name(item.name))]
        action["context"] = {}
        return for_companies(action, item.company_id, first_only=True)
