"""One finding of a client health check: a bank account (Xero's balance, what waits to be
reconciled), a document or journal changed after the books were closed, or a check that could
not run or read Xero's reply (and why)."""

from odoo import api, fields, models

from .xero_books_line import XERO_PATHS

KINDS = [("bank", "Bank account"), ("changed", "Changed after close"), ("not_checked", "Not checked")]
PATHS = dict(XERO_PATHS, JOURNAL="/Journal/View.aspx?invoiceID={}",
             bank="/Bank/BankTransactions.aspx?accountID={}")


class XeroHealthLine(models.Model):
    _name = "xero.health.line"
    _description = "Xero Client Health Finding"
    _order = "check_id desc, kind, name, id"

    check_id = fields.Many2one("xero.health.check", "Health Check", required=True, ondelete="cascade", index=True)
    connection_id = fields.Many2one(related="check_id.connection_id", store=True)
    company_id = fields.Many2one(related="check_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    name = fields.Char("Bank Account, Document or Check", readonly=True)
    detail = fields.Char("What It Means", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    ledger_balance = fields.Monetary("Balance in Xero", readonly=True)
    statement_balance = fields.Monetary("Balance on the Statement", readonly=True,
                                        help="Xero's balance less the bank lines waiting to be reconciled.")
    unreconciled_count = fields.Integer("Bank Lines to Reconcile", readonly=True)
    unreconciled_amount = fields.Monetary("Amount to Reconcile", readonly=True)
    document_date = fields.Date("Dated", readonly=True)
    changed_at = fields.Datetime("Changed in Xero On", readonly=True)
    changed_by = fields.Char("Changed in Xero By", readonly=True,
                             help="The Xero user who made the latest change after close, as Xero's history of the "
                                  "document names them, or why it is not known.")
    change_summary = fields.Char("What Changed", readonly=True, help="Xero's history of the document, in its words.")
    status = fields.Char("Status in Xero", readonly=True)
    xero_id = fields.Char("Xero ID", readonly=True)
    xero_kind = fields.Char(readonly=True)
    xero_url = fields.Char("Open in Xero", compute="_compute_xero_url")

    @api.depends("xero_id", "xero_kind", "kind")
    def _compute_xero_url(self):
        for line in self:
            path = PATHS.get(line.xero_kind or "") or (PATHS["bank"] if line.kind == "bank" else None)
            line.xero_url = line.connection_id._deep_link(path.format(line.xero_id)) if path and line.xero_id else False

    def action_open_in_xero(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.xero_url, "target": "new"} if self.xero_url else False
