"""Bindings between one Xero organisation's records and Odoo records.

Each row is keyed by (connection, Xero ID); the Xero side is read-only, the Odoo side is
what the administrator edits inline in the mapping lists.
"""

from odoo import api, fields, models

from ..sync import mappers

XERO_STATUS = [("ACTIVE", "Active"), ("ARCHIVED", "Archived"), ("DELETED", "Deleted")]


class XeroBindingMixin(models.AbstractModel):
    _name = "xero.binding.mixin"
    _description = "Xero Binding"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True, readonly=True, index=True)
    xero_updated = fields.Datetime("Updated in Xero", readonly=True)

    @api.model
    def _by_xero_id(self, connection, xero_ids):
        """{xero_id: binding} for one connection, in one query."""
        records = self.with_context(active_test=False).search([
            ("connection_id", "=", connection.id), ("xero_id", "in", list(xero_ids)),
        ])
        return {rec.xero_id: rec for rec in records}


class XeroAccount(models.Model):
    _name = "xero.account"
    _inherit = "xero.binding.mixin"
    _description = "Xero Account Mapping"
    _order = "connection_id, code, name"

    code = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    account_type = fields.Char("Xero Type", readonly=True)
    tax_type = fields.Char("Default Tax Type", readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    account_id = fields.Many2one(
        "account.account", "Odoo Account", domain="[('company_ids', 'in', company_id)]",
    )

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero account is mapped once."),
    ]

    def action_create_odoo_accounts(self):
        """Map each selected unmapped Xero account: to the company's Odoo account with the
        same code if there is one, else to a new Odoo account with Xero's code, name and a
        type following Xero's. Documents waiting for them are booked by the next sync."""
        self.env["xero.connection"]._check_manager()
        Account = self.env["account.account"].sudo()
        for binding in self.filtered(lambda b: not b.account_id and b.code):
            company = binding.company_id
            account = Account.with_company(company).search(
                [("company_ids", "in", company.id), ("code", "=", binding.code)], limit=1)
            if not account:
                account = Account.with_company(company).create({
                    **mappers.odoo_account_values({"code": binding.code, "name": binding.name,
                                                   "account_type": binding.account_type}),
                    "company_ids": [(6, 0, company.ids)],
                })
            binding.account_id = account
        return True


class XeroTaxRate(models.Model):
    _name = "xero.tax.rate"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tax Rate Mapping"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    rate = fields.Float(readonly=True, digits=(16, 4))
    status = fields.Selection(XERO_STATUS, readonly=True)
    for_sales = fields.Boolean("Applies to Revenue", readonly=True)
    for_purchases = fields.Boolean("Applies to Expenses", readonly=True)
    sale_tax_id = fields.Many2one(
        "account.tax", "Odoo Sales Tax",
        domain="[('company_id', '=', company_id), ('type_tax_use', '=', 'sale')]",
    )
    purchase_tax_id = fields.Many2one(
        "account.tax", "Odoo Purchase Tax",
        domain="[('company_id', '=', company_id), ('type_tax_use', '=', 'purchase')]",
    )

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tax rate is mapped once."),
    ]


class XeroTrackingCategory(models.Model):
    _name = "xero.tracking.category"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tracking Category Mapping"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    plan_id = fields.Many2one("account.analytic.plan", "Odoo Analytic Plan")
    option_ids = fields.One2many("xero.tracking.option", "category_id")

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tracking category is mapped once."),
    ]

    def action_create_plans(self):
        """Give each selected category an analytic plan of its own name (one per category),
        with one analytic account per option; the options are mapped to those accounts from
        now on (what was booked before keeps its accounts). Done from this button, not by
        sync jobs: a new plan adds a column to analytic lines and reloads Odoo's registry."""
        self.env["xero.connection"]._check_manager()
        Plan = self.env["account.analytic.plan"].sudo()
        Analytic = self.env["account.analytic.account"].sudo().with_context(active_test=False)
        xero_plan = self.env.ref("xero_connector.analytic_plan_xero_tracking")
        for category in self.filtered(lambda c: not c.plan_id or c.plan_id == xero_plan):
            plan = Plan.search([("name", "=ilike", category.name), ("parent_id", "=", False)], limit=1) or (
                Plan.create({"name": category.name}))
            company = category.company_id
            for option in category.option_ids:
                option.analytic_account_id = Analytic.search([
                    ("plan_id", "=", plan.id), ("name", "=ilike", option.name),
                    ("company_id", "in", (company.id, False)),
                ], limit=1) or Analytic.create({"name": option.name, "plan_id": plan.id, "company_id": company.id,
                                                "active": option.status == "ACTIVE"})
            category.plan_id = plan
        return True


class XeroTrackingOption(models.Model):
    _name = "xero.tracking.option"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tracking Option Mapping"
    _order = "category_id, name"

    category_id = fields.Many2one(
        "xero.tracking.category", required=True, ondelete="cascade", readonly=True,
    )
    plan_id = fields.Many2one(related="category_id.plan_id")
    name = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    archived = fields.Boolean(compute="_compute_archived", store=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account", "Odoo Analytic Account",
        domain="[('plan_id', '=', plan_id)]",
    )

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tracking option is mapped once."),
    ]

    @api.depends("status")
    def _compute_archived(self):
        for option in self:
            option.archived = option.status != "ACTIVE"


class XeroContact(models.Model):
    _name = "xero.contact"
    _inherit = "xero.binding.mixin"
    _description = "Xero Contact Link"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    tax_number = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    partner_id = fields.Many2one("res.partner", "Odoo Partner", index=True)

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero contact is linked once."),
    ]
