"""Xero's bank accounts (accounts of type BANK) mapped to Odoo bank and cash journals: the
journal a payment is made from says which Xero bank account it is published on."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..sync.mappers import payments as payment_mappers
from .xero_mapping import _notify


class XeroAccount(models.Model):
    _inherit = "xero.account"

    currency_code = fields.Char("Bank Account Currency", readonly=True)
    bank_account_number = fields.Char("Account Number", readonly=True)
    journal_id = fields.Many2one(
        "account.journal", "Odoo Journal", index="btree_not_null",
        domain="[('company_id', '=', company_id), ('type', 'in', ('bank', 'cash'))]",
        help="Payments made from this Odoo bank or cash journal are published on this Xero bank account.",
    )
    suggested_journal_id = fields.Many2one(
        "account.journal", "Journal Suggestion", compute="_compute_journal_suggestion",
        help="An Odoo journal that looks like this Xero bank account (same account number, same name, "
        "or its account is this one's mapping): press Use Suggestion to map it.",
    )
    journal_suggestion_reason = fields.Char("Why This Journal", compute="_compute_journal_suggestion")

    @api.constrains("journal_id", "connection_id")
    def _check_one_bank_per_journal(self):
        for binding in self.filtered("journal_id"):
            other = self.search([("connection_id", "=", binding.connection_id.id), ("id", "!=", binding.id),
                                 ("journal_id", "=", binding.journal_id.id)], limit=1)
            if other:
                raise ValidationError(self.env._(
                    "The journal %(journal)s is already mapped to the Xero bank account %(other)s: a journal "
                    "pays from one Xero bank account.", journal=binding.journal_id.display_name,
                    other=other.name))

    def _journal_matcher(self, company):
        """-> match(binding) -> (journal, reason), the company's journals read once."""
        journals = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "in", ("bank", "cash"))], order="sequence, id")
        rows = [{"id": j.id, "number": j.bank_account_id.acc_number, "name": j.name,
                 "account_id": j.default_account_id.id} for j in journals]
        taken = set(self.search([("company_id", "=", company.id), ("journal_id", "!=", False)]).journal_id.ids)

        def match(binding):
            journal_id, why = payment_mappers.match_journal(
                {"number": binding.bank_account_number, "name": binding.name, "account_id": binding.account_id.id},
                rows, taken - set(binding.journal_id.ids))
            if journal_id:
                taken.add(journal_id)  # one journal is never offered to two Xero bank accounts
            return journals.browse(journal_id or []), self._reason_words(why)
        return match

    def _reason_words(self, why):
        if why == "number":
            return self.env._("same account number")
        if why == "name":
            return self.env._("same name")
        if why == "account":
            return self.env._("the journal's account is this account's mapping")
        return ""

    @api.depends("journal_id", "bank_account_number", "name", "account_id", "account_type")
    def _compute_journal_suggestion(self):
        self.suggested_journal_id = False
        self.journal_suggestion_reason = False
        unmapped = self.filtered(lambda b: b.account_type == "BANK" and not b.journal_id and b.company_id)
        for company in unmapped.company_id:
            match = self._journal_matcher(company)
            for binding in unmapped.filtered(lambda b, c=company: b.company_id == c):
                journal, reason = match(binding)
                binding.suggested_journal_id = journal
                binding.journal_suggestion_reason = reason or False

    def _match_journals(self):
        """Map the unmapped bank accounts among these to the journal they are (by number, then
        name, then account); -> the ones mapped."""
        todo = self.filtered(lambda b: b.account_type == "BANK" and not b.journal_id and b.company_id)
        done = self.browse()
        for company in todo.company_id:
            match = self._journal_matcher(company)
            for binding in todo.filtered(lambda b, c=company: b.company_id == c):
                journal, _reason = match(binding)
                if journal:
                    binding.journal_id = journal
                    done |= binding
        return done

    def write(self, vals):
        res = super().write(vals)
        if vals.get("journal_id"):
            mapped = self.filtered("journal_id")
            for conn in mapped.connection_id:
                self.env["xero.pending.item"].sudo()._clear_for(
                    conn, "bank_accounts", mapped.filtered(lambda b, c=conn: b.connection_id == c).mapped("xero_id"),
                    self.env._("Mapped to an Odoo journal."))
        return res

    def action_use_journal_suggestion(self):
        """Map each selected Xero bank account to its suggested journal."""
        self.env["xero.connection"]._check_manager()
        if not self:
            return _notify(self.env, self.env._("Select the Xero bank accounts whose suggestion you accept."),
                           "warning", reload=False)
        todo = self.filtered(lambda b: not b.journal_id and b.suggested_journal_id)
        for binding in todo:
            binding.journal_id = binding.suggested_journal_id
        left = len(self) - len(todo)
        message = self.env._("1 Xero bank account mapped to its suggestion.") if len(todo) == 1 else \
            self.env._("%s Xero bank accounts mapped to their suggestion.", len(todo))
        if left:
            message += " " + self.env._("%s left as they were (already mapped, or no suggestion).", left)
        return _notify(self.env, message, "success" if todo else "warning")

    @api.model
    def _bank_pending(self, conn, job=None):
        """Each active Xero bank account without an Odoo journal waits in Pending Items (when
        the organisation publishes payments: only then does a payment need it)."""
        Pending = self.env["xero.pending.item"]
        banks = self.search([("connection_id", "=", conn.id), ("account_type", "=", "BANK")])
        if not conn._publishes_payments():
            return
        for bank in banks.filtered(lambda b: b.status == "ACTIVE" and not b.journal_id):
            Pending._raise_for(conn, "bank_accounts", bank.xero_id, bank.name, "unmapped_bank_account", self.env._(
                "The Xero bank account %(name)s has no Odoo bank or cash journal: payments made in Odoo "
                "cannot be published on it. Map it in Xero > Mappings > Bank Accounts.", name=bank.name), {
                    "AccountID": bank.xero_id, "Code": bank.code or "", "Name": bank.name or "", "Type": "BANK",
                    "BankAccountNumber": bank.bank_account_number or "", "CurrencyCode": bank.currency_code or ""},
                job)
        Pending._clear_for(conn, "bank_accounts", banks.filtered(
            lambda b: b.journal_id or b.status != "ACTIVE").mapped("xero_id"), self.env._("Mapped to an Odoo journal."))
