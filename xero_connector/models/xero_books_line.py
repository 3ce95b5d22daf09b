"""One difference a books check found: an account, a document or a contact, both sides' amounts,
and the likely reason in words."""

from odoo import api, fields, models

SECTIONS = [("accounts", "Trial balance"), ("documents", "Documents"), ("contacts", "Contact balances")]
REASONS = [
    ("unmapped_account", "Account not mapped"),
    ("pending_item", "Waiting in Odoo (pending item)"),
    ("not_synced", "Not yet synced"),
    ("changed_in_xero", "Changed in Xero after the last sync"),
    ("changed_in_odoo", "Changed in Odoo after publishing"),
    ("rounding", "Rounding"),
    ("only_in_odoo", "Booked only in Odoo"),
    ("only_in_xero", "Booked only in Xero"),
    ("missing_in_xero", "Missing in Xero (deleted there, or dated outside the period)"),
    ("status", "Status differs"),
    ("unreadable", "Xero's report could not be read"),
    ("different", "Amounts differ"),
]
XERO_PATHS = {  # Xero's pages for a record (go.xero.com)
    "ACCREC": "/AccountsReceivable/View.aspx?InvoiceID={}",
    "ACCPAY": "/AccountsPayable/View.aspx?InvoiceID={}",
    "ACCRECCREDIT": "/AccountsReceivable/ViewCreditNote.aspx?creditNoteID={}",
    "ACCPAYCREDIT": "/AccountsPayable/ViewCreditNote.aspx?creditNoteID={}",
    "contacts": "/Contacts/View/{}",
    "accounts": "/GeneralLedger/ChartOfAccounts.aspx",
}


class XeroBooksLine(models.Model):
    _name = "xero.books.line"
    _description = "Xero Books Check Difference"
    _order = "run_id desc, section, name, id"

    run_id = fields.Many2one("xero.books.run", "Check", required=True, ondelete="cascade", index=True)
    connection_id = fields.Many2one(related="run_id.connection_id", store=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    date = fields.Date(related="run_id.date", store=True, string="As Of")
    section = fields.Selection(SECTIONS, required=True, readonly=True)
    name = fields.Char("Account, Document or Contact", readonly=True)
    reason = fields.Selection(REASONS, "Likely Reason", readonly=True)
    detail = fields.Char("What Differs", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    odoo_amount = fields.Monetary("In Odoo", readonly=True)
    xero_amount = fields.Monetary("In Xero", readonly=True)
    difference = fields.Monetary(readonly=True, help="The amount in Odoo less the amount in Xero.")
    in_odoo = fields.Boolean("Found in Odoo", readonly=True)
    in_xero = fields.Boolean("Found in Xero", readonly=True)
    account_id = fields.Many2one("account.account", "Odoo Account", readonly=True)
    move_id = fields.Many2one("account.move", "Odoo Document", readonly=True)
    partner_id = fields.Many2one("res.partner", "Odoo Partner", readonly=True)
    xero_id = fields.Char("Xero ID", readonly=True)
    xero_kind = fields.Char(readonly=True)
    xero_url = fields.Char("Open in Xero", compute="_compute_xero_url")

    @api.depends("xero_id", "xero_kind", "section")
    def _compute_xero_url(self):
        for line in self:
            path = XERO_PATHS.get(line.xero_kind or line.section)
            known = line.xero_id and not line.xero_id.startswith(("odoo:", "row:"))
            line.xero_url = line.connection_id._deep_link(path.format(line.xero_id)) if path and known else False

    def action_open_entries(self):
        """The Odoo entries behind the line: the account's journal items up to the date, the
        partner's open items, or the document."""
        self.ensure_one()
        if self.move_id:
            return {"type": "ir.actions.act_window", "res_model": "account.move", "res_id": self.move_id.id,
                    "view_mode": "form", "target": "current"}
        domain = [("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"),
                  ("date", "<=", self.date)]
        if self.account_id:
            domain.append(("account_id", "=", self.account_id.id))
        elif self.partner_id:
            domain += [("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                       ("account_id.account_type", "in", ("asset_receivable", "liability_payable")),
                       ("reconciled", "=", False)]
        else:
            return False
        return {"type": "ir.actions.act_window", "res_model": "account.move.line", "name": self.name,
                "view_mode": "list,pivot", "domain": domain, "context": {"search_default_group_by_move": 0}}

    def action_open_in_xero(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.xero_url, "target": "new"} if self.xero_url else False
