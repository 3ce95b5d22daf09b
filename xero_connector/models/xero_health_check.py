"""A client health check of one organisation (sync/books/health.py reads Xero's side): its bank
accounts against what waits to be reconciled, its lock dates, the changes after close, the
drafts and overdue documents. Runs with the books check (and on demand); an audit record,
nothing here writes to Odoo's books."""

import logging
from datetime import UTC

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync.books import history
from ..sync.books.health import HealthCheck
from ..xero_client.errors import XeroError

_logger = logging.getLogger(__name__)
STATES = [("healthy", "Nothing to do"), ("attention", "Needs work"), ("failed", "Not checked")]


class XeroHealthCheck(models.Model):
    _name = "xero.health.check"
    _description = "Xero Client Health Check"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    connection_id = fields.Many2one("xero.connection", "Organisation", required=True, readonly=True,
                                    ondelete="cascade", index=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date("Checked On", required=True, readonly=True)
    state = fields.Selection(STATES, readonly=True, tracking=True)
    line_ids = fields.One2many("xero.health.line", "check_id", "Findings", readonly=True)
    unreconciled_count = fields.Integer("Bank Lines to Reconcile", readonly=True)
    bank_difference = fields.Monetary("Bank Difference to Reconcile", readonly=True,
                                      help="Xero's bank balances less the statement balances, all bank accounts.")
    period_lock_date = fields.Date("Period Lock Date in Xero", readonly=True)
    year_lock_date = fields.Date("Year-End Lock Date in Xero", readonly=True)
    reopened_from = fields.Date("Closed Period Reopened (Was Locked To)", readonly=True)
    reopened_note = fields.Char("Reopened Period", compute="_compute_reopened_note")
    closed_through = fields.Date("Books Closed Through", readonly=True)
    changed_count = fields.Integer("Changes After Close", readonly=True)
    draft_count = fields.Integer("Drafts", readonly=True)
    overdue_receivable_count = fields.Integer("Overdue Invoices", readonly=True)
    overdue_receivable_amount = fields.Monetary("Overdue From Customers", readonly=True)
    overdue_payable_count = fields.Integer("Overdue Bills", readonly=True)
    overdue_payable_amount = fields.Monetary("Overdue to Suppliers", readonly=True)
    not_checked = fields.Text("Checks Not Run", readonly=True)
    error = fields.Text(readonly=True)
    api_calls = fields.Integer("Xero API Calls", readonly=True)

    @api.depends("reopened_from")
    def _compute_reopened_note(self):
        for check in self:
            check.reopened_note = check.reopened_from and self.env._(
                "A closed period was reopened in Xero: it was locked up to %s. Close it again in Xero "
                "(Settings, Financial settings, Lock dates) once the changes are reviewed.",
                check.reopened_from.strftime("%d %b %Y"))

    def _words(self):
        """check key -> (what it is, the permission it needs), in an accountant's words."""
        return {
            "bank_summary": (self.env._("Bank balances"), self.env._("the bank summary report")),
            "bank_lines": (self.env._("Bank lines to reconcile"), self.env._("bank transactions (read only)")),
            "payments": (self.env._("Payments to reconcile"), self.env._("payments")),
            "documents": (self.env._("Drafts, overdue and changes after close"), self.env._("invoices")),
            "journals": (self.env._("Manual journals changed after close"), self.env._("manual journals")),
        }

    @api.model
    def _check(self, connection, books=None):
        """Run one health check and store it on the connection. `books`: the BooksCheck (sync.books)
        that just ran, whose reads of Xero's organisation and documents are reused, not repeated."""
        check = self.sudo().create({
            "name": self.env._("%(org)s on %(date)s", org=connection.name,
                               date=fields.Date.context_today(self).strftime("%d %b %Y")),
            "connection_id": connection.id, "date": fields.Date.context_today(self)})
        try:
            xero = connection._xero()
            scopes = (connection.granted_scopes or "").replace(",", " ").split()
            result = HealthCheck(xero, scopes, fields.Date.context_today(self), connection._health_memory(),
                                 organisation=books and books.organisation,
                                 documents=books and books.documents,
                                 bank_lines=books and books.bank_lines).run()
        except (XeroError, UserError) as exc:
            return check._failed(getattr(exc, "message", None) or str(exc))
        except Exception as exc:  # noqa: BLE001 (a check never breaks what runs it: it says why it stopped)
            _logger.exception("Health check of %s failed", connection.name)
            why = type(exc).__name__ + ": " + str(exc)
            return check._failed(self.env._("Unexpected error: %s", why))
        check._store(result)
        connection._health_checked(check, result)
        return check

    def _store(self, result):
        words, lines, notes = self._words(), [], []
        for check, _scope in dict.fromkeys(result.skipped):
            what, needs = words[check]
            notes.append(self.env._(
                "%(what)s: not checked, Xero does not let this connection read %(needs)s. Reconnect the "
                "organisation (Reconnect on its form) and allow it on Xero's consent page.", what=what, needs=needs))
        for check, why in result.problems:
            lines.append({"kind": "not_checked", "name": words[check][0], "detail": why})
        for bank in sorted(result.banks.values(), key=lambda b: b.name):
            lines.append({
                "kind": "bank", "name": bank.name, "xero_id": bank.account_id,
                "ledger_balance": float(bank.ledger or 0), "statement_balance": float(bank.statement or 0),
                "unreconciled_count": bank.waiting, "unreconciled_amount": float(bank.waiting_amount),
                "detail": (self.env._("%(count)s bank lines to reconcile (%(payments)s of them payments)",
                                      count=bank.waiting, payments=bank.payments) if bank.payments
                           else self.env._("%s bank lines to reconcile", bank.waiting) if bank.waiting else False)})
        for change in result.changes:
            lines.append(dict(self._who(change, result.who.get(change.xero_id)), kind="changed", name=change.label,
                              xero_id=change.xero_id, xero_kind=change.kind, document_date=change.day,
                              status=change.status))
        self.env["xero.health.line"].sudo().create([dict(line, check_id=self.id) for line in lines])
        memory = result.memory
        waiting = result.waiting or 0
        values = {
            "unreconciled_count": waiting,
            "bank_difference": float(sum((b.waiting_amount for b in result.banks.values() if b.ledger is not None),
                                         start=0)),
            "period_lock_date": memory.period_lock, "year_lock_date": memory.year_lock,
            "reopened_from": memory.reopened_from, "closed_through": memory.closed_through,
            "changed_count": len(result.changes), "draft_count": result.drafts or 0,
            "overdue_receivable_count": result.overdue_receivable or 0,
            "overdue_receivable_amount": float(result.overdue_receivable_amount),
            "overdue_payable_count": result.overdue_payable or 0,
            "overdue_payable_amount": float(result.overdue_payable_amount),
            "not_checked": "\n".join(notes) or False, "api_calls": result.calls,
        }
        attention = waiting or memory.reopened_from or result.changes or result.problems
        values["state"] = "attention" if attention else "healthy"
        self.write(values)

    def _who(self, change, who):
        """A change after close's who and when (Xero's History, sync/books/history.py), in words."""
        moment = who.at if who and who.state == history.KNOWN else change.changed_at
        values = {"changed_at": moment.astimezone(UTC).replace(tzinfo=None) if moment else False}
        state = who.state if who else None
        if state == history.KNOWN:
            user = who.user or self.env._("a user Xero does not name")
            detail = self.env._("Dated in the closed period, changed in Xero afterwards by %s", user)
            if who.others:
                detail = self.env._("Dated in the closed period, changed in Xero afterwards, last by %(user)s (the "
                                    "latest of %(count)s changes after close)", user=user, count=who.others + 1)
            return dict(values, changed_by=who.user or self.env._("Not named by Xero"),
                        change_summary=who.what or False, detail=detail)
        if state == history.NOT_READ:
            return dict(values, changed_by=self.env._("Not read (more than %s changes)", history.MAX_READS),
                        detail=self.env._(
                            "Dated in the closed period, changed in Xero afterwards. Who changed it was not read: "
                            "a check reads the history of the %s latest changes only, to keep within Xero's daily "
                            "limit. Open it in Xero to see its history.", history.MAX_READS))
        if state == history.FORBIDDEN:
            why = self.env._("Xero does not let this connection read the document's history.")
        elif state == history.NONE:
            why = self.env._("Xero's history of the document names no change after the books were closed.")
        elif state == history.FAILED:
            why = self.env._("Xero's history of the document could not be read (%s).", who.why)
        else:
            why = self.env._("Xero's history of the document was not read.")
        return dict(values, changed_by=self.env._("Unknown"), detail=self.env._(
            "Dated in the closed period, changed in Xero afterwards. Who changed it is not known: %s Open it in "
            "Xero to see its history.", why))

    def _failed(self, message):
        self.write({"state": "failed", "error": message})
        self.message_post(body=self.env._("Not checked: %s", message))
        self.connection_id.sudo().health_check_id = self
        return self

