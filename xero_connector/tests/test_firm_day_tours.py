"""The rest of a firm's day (issue 29), in a real headless Chromium, as the administrator who
lands in the firm's own company (no Xero organisation there): a document not sent and an entry
journal posting did not send say so in words with Map the Account a click away, opening the
client's mapping; the mapping list accepts its confident suggestions in bulk and Create Odoo
Accounts says which existing account a new one stands beside."""

from odoo.tests import HttpCase, new_test_user, tagged

from .test_firm_screens import firm_and_client


@tagged("post_install", "-at_install")
class TestFirmDayTour(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        firm_and_client(cls)
        env, company = cls.env, cls.client_company
        Account = env["account.account"].with_company(company)
        mine = [("company_ids", "in", company.id)]
        income = Account.search(mine + [("account_type", "=", "income")], limit=1)
        expense = Account.search(mine + [("account_type", "=", "expense")], limit=1)
        Xero = env["xero.account"]
        for binding in Xero.search([("connection_id", "=", cls.conn.id), ("account_id", "in", (income | expense).ids)]):
            binding.account_id = False  # the Odoo accounts the document and the entry use have no Xero account
        # a Xero account with the code of one of the company's accounts: a confident suggestion
        Account.create({"code": "XQ955", "name": "Quirk Subscriptions XQ", "account_type": "expense",
                        "company_ids": [(6, 0, company.ids)]})
        Xero.create({"connection_id": cls.conn.id, "xero_id": "x-xq955", "code": "XQ955",
                     "name": "Subscriptions", "account_type": "OVERHEADS", "status": "ACTIVE"})
        partner = env["res.partner"].create({"name": "Unsent Customer XQ"})
        cls.unsent = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-10-04",
            "company_id": company.id, "invoice_line_ids": [(0, 0, {
                "name": "Work", "quantity": 1, "price_unit": 50.0, "account_id": income.id, "tax_ids": False})]})
        cls.unsent.action_post()
        words = f"the Odoo account {income.name} ({income.code}) has no Xero account — map it"
        cls.unsent.sudo().write({"xero_publish_state": "unsent", "xero_publish_error": words})
        journal = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "general")], limit=1)
        cls.entry = env["account.move"].create({
            "move_type": "entry", "journal_id": journal.id, "date": "2026-10-05", "company_id": company.id,
            "ref": "Accrual XQ", "line_ids": [
                (0, 0, {"name": "Accrual", "account_id": expense.id, "debit": 80.0}),
                (0, 0, {"name": "Accrual", "account_id": income.id, "credit": 80.0})]})
        cls.entry.action_post()
        cls.entry.sudo().write({"xero_post_state": "error", "xero_post_block": "unmapped_account",
                                "xero_post_error": f"Not sent: {words}"})

        # four scheduled runs that found nothing new: a line on the organisation, not job rows
        for _run in range(4):
            env["xero.sync.job"].sudo().create({"connection_id": cls.conn.id, "kind": "full", "trigger": "schedule",
                                                "state": "done", "quiet": True})
        cls.conn.sudo().write({"last_checked": "2026-10-06 09:00:00", "quiet_runs": 4})

    def test_quiet_runs_a_line_on_the_organisation(self):
        self.start_tour(f"/odoo/action-xero_connector.action_xero_connection/{self.conn.id}", "xero_quiet_line_tour",
                        login="admin")

    def test_user_access_read_only_without_access_rights(self):
        """A Xero administrator who may not manage users in Odoo reads who works in the client's
        company, and who can change it; the list cannot be edited."""
        new_test_user(self.env, "xero_mgr_xq", password="xero_mgr_xq",  # noqa: S106
                      groups="base.group_user,xero_connector.group_xero_manager",
                      company_id=self.firm.id, company_ids=[(6, 0, (self.firm | self.client_company).ids)])
        self.start_tour(f"/odoo/action-xero_connector.action_xero_connection/{self.conn.id}"
                        f"?cids={self.firm.id}-{self.client_company.id}", "xero_user_access_tour", login="xero_mgr_xq")

    def test_firm_day_tour(self):
        self.start_tour("/odoo", "xero_firm_day_tour", login="admin")
        mapped = self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "XQ955")])
        self.assertEqual(mapped.account_id.code, "XQ955")  # accepted in bulk
        mystery = self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "990")])
        self.assertEqual(mystery.account_id.name, "Mystery Xero Costs XQ")  # created
        self.assertEqual(mystery.created_beside_id.account_type, "expense")
