"""A books check of one organisation at a date: the trial balance per mapped account, the
documents both ways and the balances per contact (sync/books/), its differences as lines. An
audit record: nothing here writes to Odoo's books."""

import base64
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync import xlsx
from ..sync.books.check import BooksCheck
from ..xero_client.errors import XeroError
from .xero_books_line import SECTIONS

_logger = logging.getLogger(__name__)


class XeroBooksRun(models.Model):
    _name = "xero.books.run"
    _description = "Xero Books Check"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    connection_id = fields.Many2one("xero.connection", "Organisation", required=True, readonly=True,
                                    ondelete="cascade", index=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    date = fields.Date("As Of", required=True, readonly=True)
    date_from = fields.Date("Documents From", readonly=True)
    trigger = fields.Selection([("manual", "By hand"), ("schedule", "After a scheduled sync")],
                               default="manual", required=True, readonly=True)
    state = fields.Selection([("agree", "Books agree"), ("differ", "Differences"), ("failed", "Not checked")],
                             readonly=True, tracking=True)
    line_ids = fields.One2many("xero.books.line", "run_id", "Difference Lines", readonly=True)
    difference_count = fields.Integer("Differences", readonly=True)
    rounding_count = fields.Integer(
        "Rounding Lines", readonly=True,
        help="Lines within 0.05 (cents of tax or of converting a foreign-currency document to the base "
             "currency, each side rounding its own way): listed, but the books still agree.")
    account_count = fields.Integer("Accounts Compared", readonly=True)
    document_count = fields.Integer("Documents Compared", readonly=True)
    contact_count = fields.Integer("Contacts Compared", readonly=True)
    not_checked = fields.Text("Not Compared", readonly=True)
    error = fields.Text(readonly=True)
    api_calls = fields.Integer("Xero API Calls", readonly=True)

    @api.model
    def _check(self, connection, day=None, date_from=None, trigger="manual"):
        """Run one check and store it; differences raise one activity per drift."""
        day = day or fields.Date.context_today(self)
        run = self.sudo().create({
            "name": self.env._("%(org)s as of %(date)s", org=connection.name, date=day),
            "connection_id": connection.id, "date": day, "trigger": trigger,
        })
        check = BooksCheck(connection, day, date_from)
        try:
            result = check.run()
        except (XeroError, UserError) as exc:
            return run._failed(getattr(exc, "message", None) or str(exc))
        except Exception as exc:  # noqa: BLE001 (a check never breaks what runs it: it says why it stopped)
            _logger.exception("Books check of %s failed", connection.name)
            why = type(exc).__name__ + ": " + str(exc)  # no f-string inside the call: the .pot extractor stops at it
            return run._failed(self.env._("Unexpected error: %s", why))
        finally:  # its calls and bytes count in the organisation's day, as a sync job's do
            if check.stats:
                self.env["xero.usage"]._add(connection, check.stats.calls, check.stats.bytes_received)
        currency = connection.company_id.currency_id
        currencies = {c.name: c for c in self.env["res.currency"].with_context(active_test=False).search([])}
        lines = []
        for finding in result.findings:
            move = self.env["account.move"].browse(finding.refs.get("move_id") or [])
            doc_currency = move.currency_id if move else currencies.get(finding.refs.get("currency") or "", currency)
            lines.append({
                "run_id": run.id, "section": finding.section, "name": finding.label, "reason": finding.reason,
                "detail": finding.detail, "xero_id": finding.key,
                "currency_id": (doc_currency if finding.section == "documents" else currency).id,
                "odoo_amount": float(finding.odoo or 0), "xero_amount": float(finding.xero or 0),
                "difference": float(finding.difference), "in_odoo": finding.odoo is not None,
                "in_xero": finding.xero is not None, "account_id": finding.refs.get("account_id"),
                "move_id": move.id or False, "partner_id": finding.refs.get("partner_id") or False,
                "xero_kind": finding.refs.get("kind") or False,
            })
        self.env["xero.books.line"].sudo().create(lines)
        rounding = sum(line["reason"] == "rounding" for line in lines)
        run.write({
            "state": "differ" if len(lines) > rounding else "agree", "difference_count": len(lines) - rounding,
            "rounding_count": rounding,
            "date_from": result.date_from, "api_calls": result.calls,
            "account_count": result.compared.get("accounts", 0),
            "document_count": result.compared.get("documents", 0),
            "contact_count": result.compared.get("contacts", 0),
            "not_checked": "\n".join(text for _section, text in result.skipped) or False,
        })
        connection._books_checked(run, check)
        return run

    def _failed(self, message):
        self.write({"state": "failed", "error": message})
        self.message_post(body=self.env._("Not checked: %s", message))
        self.connection_id._books_checked(self)
        return self

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_books_line")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_section": 1}
        return action

    # ------------------------------------------------------------------ spreadsheet
    def _xlsx_sheets(self):
        self.ensure_one()
        Line = self.env["xero.books.line"]
        reasons = dict(Line._fields["reason"]._description_selection(self.env))
        titles = dict(Line._fields["section"]._description_selection(self.env))
        columns = [
            self.env._("Account, Document or Contact"), self.env._("In Odoo"), self.env._("In Xero"),
            self.env._("Difference"), self.env._("Currency"), self.env._("Likely Reason"), self.env._("What Differs")]
        sheets = []
        for section, _title in SECTIONS:
            rows = [(line.name, line.odoo_amount if line.in_odoo else None,
                     line.xero_amount if line.in_xero else None, line.difference, line.currency_id.name,
                     reasons.get(line.reason, line.reason or ""), line.detail or "")
                    for line in self.line_ids.filtered(lambda ln, s=section: ln.section == s)]
            sheets.append((titles[section], columns, rows))
        return sheets

    def action_export_xlsx(self):
        self.ensure_one()
        content = xlsx.workbook(self._xlsx_sheets())
        attachment = self.env["ir.attachment"].create({
            "name": f"{self.name}.xlsx".replace("/", "-"), "res_model": self._name, "res_id": self.id,
            "datas": base64.b64encode(content),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true",
                "target": "self"}
