"""The accountant's screens: words, not codes; every button answers; counts that add up."""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import Form, HttpCase, tagged

from ..const import PARAM_CLIENT_SECRET, PARAM_WEBHOOK_KEY
from ..models.xero_mapping import LIKENESS_THRESHOLD, name_likeness
from .common import XeroCommon, XeroFakeCase
from .fake_xero import FakeXero
from .test_documents import DocumentsCase, invoice
from .test_journal_posting import JournalPostingCase
from .test_sync_engine import account, contact


@tagged("post_install", "-at_install")
class TestPendingItemScreens(DocumentsCase):
    def setUp(self):
        super().setUp()
        data = self.fake.data
        data["Accounts"].append(account("a9", "9999", "Consulting Fees XQ", "REVENUE"))
        data["Invoices"] += [
            invoice("i10", "INV-10", lines=[{"Description": "Advice", "Quantity": 1, "UnitAmount": 80,
                                              "AccountCode": "9999", "TaxType": "OUTPUT"}], Total=92.0),
            invoice("i11", "INV-11", lines=[{"Description": "Widgets", "Quantity": 1, "UnitAmount": 10,
                                              "AccountCode": "200", "TaxType": "NOPE"}]),
            invoice("i12", "BILL-12", contact_id="c2", type_="ACCPAY", lines=[
                {"Description": "Paper", "Quantity": 1, "UnitAmount": 30, "AccountCode": "400",
                 "TaxType": "INPUT", "Tracking": [{"Name": "Region", "Option": "South",
                                                   "TrackingOptionID": "o2"}]}]),
            invoice("i13", "INV-13", DateString="0000-00-00", Total="12.50",
                    Contact={"ContactID": "c1", "Name": "Alpha Pty"}),
        ]
        data["CreditNotes"].append({
            "CreditNoteID": "cn2", "CreditNoteNumber": "SCN-2", "Type": "ACCPAYCREDIT",
            "Status": "AUTHORISED", "Contact": {"ContactID": "c9", "Name": "Zeta Unknown"},
            "DateString": "2026-03-21T00:00:00", "LineAmountTypes": "Exclusive",
            "LineItems": [{"Description": "Back", "Quantity": 1, "UnitAmount": 5, "AccountCode": "400",
                           "TaxType": "INPUT"}],
        })
        data["Payments"].append({
            "PaymentID": "p7", "Amount": 12.5, "Date": "/Date(1775001600000+0000)/", "Reference": "Payment 7",
            "Status": "AUTHORISED", "PaymentType": "ACCRECPAYMENT",
            "Invoice": {"InvoiceID": "i4", "InvoiceNumber": "INV-4", "Contact": {"Name": "Unknown Co"},
                        "CurrencyCode": "USD"},
        })
        data["Invoices"].append(invoice("i14", "INV-14", currency="CHF"))
        self.env.ref("base.CHF").active = False
        self.job = self.run_job()
        self.items = {i.xero_id: i for i in self.env["xero.pending.item"].search(
            [("connection_id", "=", self.conn.id)])}

    def test_kind_words_and_summary_from_xero_data(self):
        items = self.items
        inv = items["i10"]
        self.assertEqual(inv.kind, "invoice")
        self.assertEqual((inv.number, inv.contact_name), ("INV-10", "Alpha Pty"))  # by its ContactID
        self.assertEqual(inv.document_date, date(2026, 3, 15))
        self.assertAlmostEqual(inv.amount, 92.0)
        self.assertEqual(inv.currency_id.name, "USD")
        self.assertEqual(inv.display_name, "Invoice INV-10")
        self.assertIn("9999 Consulting Fees XQ", inv.lines_html)  # its lines, accounts by code and name
        self.assertIn("OUTPUT (Sales 15)", inv.lines_html)
        self.assertEqual(items["i12"].kind, "bill")
        self.assertAlmostEqual(items["i12"].amount, 30.0)  # no Total: the lines add up
        self.assertEqual(items["cn2"].kind, "in_refund")
        self.assertEqual(items["cn2"].contact_name, "Zeta Unknown")
        pay = items["p7"]
        self.assertEqual((pay.kind, pay.number, pay.contact_name), ("payment", "INV-4", "Unknown Co"))
        self.assertEqual(pay.display_name, "Payment for INV-4")
        self.assertAlmostEqual(pay.amount, 12.5)
        labels = dict(self.env["xero.pending.item"]._fields["kind"]._description_selection(self.env))
        self.assertEqual(labels["out_refund"], "Customer credit note")

    def test_spoiled_data_never_raises(self):
        bad = self.items["i13"]
        self.assertEqual(bad.reason_code, "unreadable")
        self.assertEqual((bad.kind, bad.number, bad.contact_name), ("invoice", "INV-13", "Alpha Pty"))
        self.assertFalse(bad.document_date)
        self.assertAlmostEqual(bad.amount, 12.5)
        Item = self.env["xero.pending.item"]
        for raw in (None, "not a record", [1, 2], {"Type": 5, "Total": "NaN", "Contact": "x"},
                    {"InvoiceID": "x", "Total": 1e30, "DateString": 12, "LineItems": "no"},
                    {"Amount": {"a": 1}, "Invoice": "INV", "Date": "/Date(abc)/"},
                    {"Contact": {"ContactID": ["c1"]}}, {"Contact": {"ContactID": "c1", "Name": 7}},
                    {"LineItems": [5, {"Tracking": "x", "LineAmount": "NaN", "AccountCode": ["200"]},
                                   {"Quantity": "2", "UnitAmount": None, "Tracking": [None, {"Name": 3}]}]}):
            for xero_type in ("invoices", "credit_notes", "payments", "contacts", "accounts", "tracking",
                              "something_new"):
                item = Item.create({"connection_id": self.conn.id, "xero_type": xero_type,
                                    "xero_id": f"bad-{xero_type}-{id(raw)}", "raw_data": raw,
                                    "reason_code": "unreadable", "reason": "spoiled"})
                item.flush_recordset()
                self.assertTrue(item.kind)
                self.assertTrue(item.display_name)
                item.lines_html  # noqa: B018 (computing it never raises)
                self.assertFalse(item.document_date)

    def test_reasons_name_the_account_tax_and_option(self):
        self.assertIn("9999 Consulting Fees XQ", self.items["i10"].reason)
        self.assertEqual(self.items["i10"].reason_code, "unmapped_account")
        self.assertEqual(self.items["i11"].reason_code, "unmapped_tax")
        self.assertIn("NOPE", self.items["i11"].reason)
        self.assertEqual(self.items["i12"].reason_code, "unmapped_tracking")
        self.assertIn("Region: South", self.items["i12"].reason)

    def test_fix_button_opens_the_mapping_it_waits_for(self):
        action = self.items["i10"].action_fix()
        binding = self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "9999")])
        self.assertEqual(action["res_model"], "xero.account")
        self.assertEqual(action["domain"], [("id", "in", binding.ids)])
        # a tracking option not in Xero's list yet: nothing to open, until its row is there
        with self.assertRaises(UserError):
            self.items["i12"].action_fix()
        south = self.env["xero.tracking.option"].create({
            "connection_id": self.conn.id, "xero_id": "o2", "name": "South", "status": "ACTIVE",
            "category_id": self.env["xero.tracking.category"].search([("xero_id", "=", "t1")]).id})
        action = self.items["i12"].action_fix()
        self.assertEqual((action["res_model"], action["domain"]), ("xero.tracking.option", [("id", "in", south.ids)]))
        # a tax type Xero never listed: nothing to open, the message says what to do
        with self.assertRaises(UserError):
            self.items["i11"].action_fix()
        # an unknown contact: the contact is not in Odoo yet; once it is, its link row opens
        with self.assertRaisesRegex(UserError, "Sync Now"):
            self.items["i4"].action_fix()
        self.env["xero.contact"].create({"connection_id": self.conn.id, "xero_id": "c9", "name": "Zeta"})
        action = self.items["i4"].action_fix()
        self.assertEqual(action["res_model"], "xero.contact")
        # a payment waiting for its invoice opens the invoice's item
        action = self.items["p7"].action_fix()
        self.assertEqual((action["res_model"], action["res_id"]), ("xero.pending.item", self.items["i4"].id))
        # an inactive currency: its form opens, to activate it
        self.assertEqual(self.items["i14"].reason_code, "currency_inactive")
        action = self.items["i14"].action_fix()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.currency", self.env.ref("base.CHF").id))
        # mapped: the next run books the invoice and clears its item
        sales = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("account_type", "=", "income")], limit=1)
        binding.account_id = sales
        self.run_job()
        self.assertEqual(self.items["i10"].state, "resolved")


@tagged("post_install", "-at_install")
class TestMappingScreens(XeroFakeCase):
    def setUp(self):
        super().setUp()
        Account = self.env["account.account"]
        self.same_code = Account.create({"code": "XQ200", "name": "Consulting Revenue", "account_type": "income"})
        self.same_name = Account.create({"code": "XQ201", "name": "Quirky Widget Sales", "account_type": "income"})
        self.similar = Account.create({"code": "XQ202", "name": "Advertising", "account_type": "expense"})
        self.bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1).default_account_id

        def binding(code, name, type_, **kw):
            return self.env["xero.account"].create({
                "connection_id": self.conn.id, "xero_id": f"x-{code}", "code": code, "name": name,
                "account_type": type_, "status": "ACTIVE", **kw})
        self.rows = {
            "code": binding("XQ200", "Fees", "REVENUE"),
            "name": binding("7701", "Quirky  widget sales", "SALES"),
            "receivable": binding("610", "Accounts Receivable", "CURRENT"),
            "payable": binding("800", "Accounts Payable", "CURRLIAB"),
            "bank": binding("090", "Business Bank Account", "BANK"),
            "expense": binding("7702", "Advertising Quirks", "EXPENSE"),
            "new_type": binding("7703", "Something New", "CRYPTOASSET"),
            "mapped": binding("7704", "Already", "REVENUE", account_id=self.same_code.id),
        }

    def test_type_words(self):
        rows = self.rows
        self.assertEqual(rows["payable"].account_type_name, "CURRLIAB")
        labels = dict(self.env["xero.account"]._fields["account_type_name"]._description_selection(self.env))
        self.assertEqual(labels["CURRLIAB"], "Current Liability")
        self.assertEqual(labels["DIRECTCOSTS"], "Direct Costs")
        self.assertFalse(rows["new_type"].account_type_name)  # kept as sent in the code column
        self.assertEqual(rows["new_type"].account_type, "CRYPTOASSET")

    def test_name_suggestions_must_be_alike(self):
        """The suggestions a firm found wrong are not made; a near name is, with its score."""
        for xero, odoo in (("Legal expenses", "Car & Truck Expenses"), ("Bank Fees", "Late Fees Paid"),
                           ("Accumulated Depreciation", "Manufacturing Equipment Cost")):
            self.assertLess(name_likeness(xero, odoo), LIKENESS_THRESHOLD, (xero, odoo))
        self.assertGreaterEqual(name_likeness("Motor Vehicle Expenses", "Motor Vehicles"), 0.5)
        Account = self.env["account.account"]
        Account.create({"code": "XQ301", "name": "Car & Truck Expenses", "account_type": "expense"})
        legal = self.env["xero.account"].create({
            "connection_id": self.conn.id, "xero_id": "x-legal", "code": "7790", "name": "Legal expenses XQ",
            "account_type": "EXPENSE", "status": "ACTIVE"})
        self.assertNotEqual(legal.suggested_account_id.name, "Car & Truck Expenses")

    def test_suggestions_by_code_name_system_account_then_type(self):
        rows = self.rows
        receivable = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("account_type", "=", "asset_receivable")])
        self.assertEqual(rows["code"].suggested_account_id, self.same_code)
        self.assertEqual(rows["code"].suggestion_reason, "same code")
        self.assertEqual(rows["name"].suggested_account_id, self.same_name)
        self.assertIn(rows["receivable"].suggested_account_id, receivable)
        self.assertEqual(rows["payable"].suggested_account_id.account_type, "liability_payable")
        if self.bank:
            self.assertEqual(rows["bank"].suggested_account_id, self.bank)
        self.assertEqual(rows["expense"].suggested_account_id, self.similar)
        self.assertEqual(rows["expense"].suggestion_reason, "same type, similar name (67% alike)")
        self.assertFalse(rows["new_type"].suggested_account_id)  # nothing alike: no suggestion
        self.assertFalse(rows["mapped"].suggested_account_id)
        # one click per row, or for the selection
        action = rows["code"].action_use_suggestion()
        self.assertEqual(rows["code"].account_id, self.same_code)
        self.assertEqual(action["params"]["message"], "1 Xero account mapped to its suggestion.")
        action = (rows["name"] | rows["mapped"]).action_use_suggestion()
        self.assertEqual(rows["name"].account_id, self.same_name)
        self.assertIn("1 left as they were", action["params"]["message"])
        empty = self.env["xero.account"].action_use_suggestion()
        self.assertEqual(empty["params"]["type"], "warning")

    def test_suggestion_prefers_the_account_odoo_books_to(self):
        """Among alike names, the account the company's sales journal books to: documents typed in
        Odoo then publish (a parallel 'Sales' would leave them unmapped)."""
        booked = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "sale")], limit=1).default_account_id
        rival = self.env["account.account"].create({"code": "XQ209", "name": f"{booked.name} Quirk XQ",
                                                    "account_type": booked.account_type})
        row = self.env["xero.account"].create({
            "connection_id": self.conn.id, "xero_id": "x-7709", "code": "7709", "name": f"{booked.name} Quirk",
            "account_type": "REVENUE", "status": "ACTIVE"})
        self.assertGreater(name_likeness(row.name, rival.name), name_likeness(row.name, booked.name))
        self.assertEqual(row.suggested_account_id, booked)
        self.assertIn("the account Odoo books documents to", row.suggestion_reason)

    def test_accept_confident_suggestions_in_bulk(self):
        """Only suggestions scoring 80 or more are taken; the notification says how many, and
        how many are left to check one by one."""
        rows = self.rows
        self.assertEqual((rows["code"].suggestion_score, rows["code"].suggestion_confident), (100, True))
        self.assertEqual((rows["expense"].suggestion_score, rows["expense"].suggestion_confident), (67, False))
        selection = self.env["xero.account"].browse([r.id for r in rows.values()])
        confident = selection.filtered("suggestion_confident")
        action = selection.action_accept_confident()
        message = action["params"]["message"]
        self.assertTrue(message.startswith(f"{len(confident)} confident suggestions accepted."), message)
        self.assertIn("1 other suggestion is left to check one by one.", message)
        self.assertEqual(rows["code"].account_id, self.same_code)
        self.assertEqual(rows["name"].account_id, self.same_name)
        self.assertFalse(rows["expense"].account_id)  # 67% alike: left for a person
        again = selection.action_accept_confident()
        self.assertEqual(again["params"]["type"], "warning")
        self.assertTrue(again["params"]["message"].startswith("No confident suggestion to accept."))

    def test_create_odoo_accounts_says_what_it_made_and_mapped(self):
        rows = self.rows
        Account = self.env["account.account"]
        before = Account.search_count([])
        sundry = self.env["xero.account"].create({
            "connection_id": self.conn.id, "xero_id": "x-7705", "code": "7705",
            "name": "Advertising Quirk Special Extras",
            "account_type": "EXPENSE", "status": "ACTIVE"})
        action = Account.browse().env["xero.account"].browse(
            [r.id for r in rows.values()] + [sundry.id]).action_create_odoo_accounts()
        mapped = 6 if self.bank else 5
        created = 8 - mapped
        self.assertEqual(Account.search_count([]) - before, created)
        self.assertEqual(action["tag"], "display_notification")
        message = action["params"]["message"]
        self.assertTrue(message.startswith(
            f"{created} accounts created, {mapped} mapped to existing accounts, 1 skipped "
            "(already mapped, or no code in Xero). Created beside accounts of the same type"), message)
        self.assertEqual(rows["receivable"].account_id.account_type, "asset_receivable")
        self.assertEqual(rows["payable"].account_id.account_type, "liability_payable")
        # the company's own account of the same type with a similar name, rather than a parallel one
        self.assertEqual(rows["expense"].account_id, self.similar)
        self.assertEqual(rows["new_type"].account_id.name, "Something New")
        self.assertFalse(rows["new_type"].created_beside_id)  # nothing of that type in Odoo
        # created: the row and the message say which existing account of its type it stands beside
        self.assertEqual(sundry.account_id.code, "7705")
        twin = sundry.created_beside_id
        self.assertEqual(twin.account_type, "expense")
        self.assertEqual(twin.name, "Advertising")  # 40% alike: too little to map to it
        self.assertEqual(sundry.created_beside_why, "same type, 40% alike by name")
        self.assertIn(f"{sundry.account_id.display_name} beside {twin.display_name}", message)
        # nothing selected: it says what to select, and creates nothing
        action = self.env["xero.account"].action_create_odoo_accounts()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("Select the unmapped Xero accounts", action["params"]["message"])


    def test_bank_accounts_screen_suggests_journals(self):
        bank = self.rows["bank"]
        bank.bank_account_number = "090-000-0021"
        journal = self.env["account.journal"].create({
            "name": "Screens Operating", "type": "bank", "code": "XSO", "company_id": self.company.id,
            "bank_acc_number": "0900000021"})
        self.assertEqual((bank.suggested_journal_id, bank.journal_suggestion_reason), (journal, "same account number"))
        self.assertFalse(self.rows["code"].suggested_journal_id)  # not a bank account
        action = self.env.ref("xero_connector.action_xero_bank_account")
        views = self.env["xero.account"].get_views([(action.view_id.id, "list"), (action.search_view_id.id, "search")])
        self.assertIn("journal_id", views["views"]["list"]["arch"])
        answer = bank.action_use_journal_suggestion()
        self.assertEqual(bank.journal_id, journal)
        self.assertEqual(answer["params"]["message"], "1 Xero bank account mapped to its suggestion.")
        self.assertEqual(self.env["xero.account"].action_use_journal_suggestion()["params"]["type"], "warning")
        form = self.env["account.payment"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("xero_link_ids", form)


@tagged("post_install", "-at_install")
class TestPostWizardScreens(JournalPostingCase):
    def wizard(self, **vals):
        return self.env["xero.post.wizard"].create({"connection_id": self.conn.id, **vals})

    def test_starts_with_the_organisation_and_its_post_from_date(self):
        self.conn.post_from_date = date(2026, 3, 5)
        wizard = self.env["xero.post.wizard"].create({})
        self.assertEqual(wizard.connection_id, self.conn)
        self.assertEqual(wizard.date_from, date(2026, 3, 5))
        early, late = self.entry(2), self.entry(9)
        wizard.date_from = date(2026, 3, 1)  # an earlier start never brings earlier entries
        self.assertEqual(wizard._moves(), late)
        selected = self.wizard(move_ids=[(6, 0, (early | late).ids)])
        selected.action_preview()
        early_rows = selected.preview_line_ids.filtered(lambda r: r.move_id == early)
        self.assertEqual(set(early_rows.mapped("state")), {"blocked"})
        self.assertIn("Post Entries From", early_rows[0].reason)
        self.assertEqual(selected._moves(), late)

    def test_no_journals_says_what_is_missing_and_where(self):
        self.conn.post_journal_ids = False
        wizard = self.wizard()
        for method in (wizard.action_post, wizard.action_preview):
            with self.assertRaises(RedirectWarning) as caught:
                method()
            message, action, button = caught.exception.args[:3]
            self.assertIn("No journals are chosen", message)
            self.assertIn("Journal Posting tab", message)
            self.assertNotIn("already in Xero", message)
            self.assertEqual((action["res_model"], action["res_id"]), ("xero.connection", self.conn.id))
            self.assertEqual(button, "Open Journal Posting")

    def test_nothing_to_post_tells_the_truth(self):
        wizard = self.wizard(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
        with self.assertRaisesRegex(UserError, "have no posted entries in these dates"):
            wizard.action_post()
        move = self.entry(10)
        move.xero_post_state = "posted"
        with self.assertRaisesRegex(UserError, "the 1 posted entries of .* are already in Xero"):
            wizard.action_post()

    def test_preview_is_a_table(self):
        ok = self.entry(10, 40.0)
        blocked = self.entry(11, 60.0, account=self.unmapped)
        wizard = self.wizard(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
        wizard.action_preview()
        rows = wizard.preview_line_ids
        self.assertEqual(len(rows), 4)
        ok_rows = rows.filtered(lambda r: r.move_id == ok)
        self.assertEqual(set(ok_rows.mapped("state")), {"ok"})
        credit = ok_rows.filtered("credit")
        self.assertEqual((credit.account_code, credit.account_name, credit.credit, credit.debit),
                         ("200", "200", 40.0, 0.0))
        self.assertEqual(credit.tracking, "Region: North")
        bad = rows.filtered(lambda r: r.move_id == blocked)
        self.assertEqual(set(bad.mapped("state")), {"blocked"})
        line = bad.filtered("credit")
        self.assertFalse(line.account_code)
        self.assertIn("has no Xero account — map it", line.reason)
        self.assertIn(f"1 ready to post ({ok.name})", wizard.preview)
        self.assertIn(f"1 blocked ({blocked.name})", wizard.preview)
        self.assertEqual(self.fake.saved, [])


@tagged("post_install", "-at_install")
class TestSettingsScreens(XeroCommon):
    def settings_form(self):
        """What the browser receives when Settings opens: the form view's onchange."""
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.env.ref("xero_connector.group_xero_manager")
        form = Form(self.env["res.config.settings"].with_user(admin))
        return form._values

    def test_secret_flags_without_the_secret(self):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param(PARAM_CLIENT_SECRET, False)
        icp.set_param(PARAM_WEBHOOK_KEY, False)
        value = self.settings_form()
        self.assertFalse(value["xero_client_secret_set"])
        self.assertFalse(value["xero_webhook_key_set"])
        icp.set_param(PARAM_CLIENT_SECRET, "s3cr3t-client")
        icp.set_param(PARAM_WEBHOOK_KEY, "s3cr3t-hook")
        value = self.settings_form()
        self.assertTrue(value["xero_client_secret_set"])
        self.assertTrue(value["xero_webhook_key_set"])
        self.assertNotIn("s3cr3t", repr(value))
        self.assertFalse(value["xero_client_secret"])
        # saving the form without typing keeps the secrets; typing replaces one
        Settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        Settings.create({}).execute()
        self.assertEqual(icp.get_param(PARAM_CLIENT_SECRET), "s3cr3t-client")
        Settings.create({"xero_webhook_key": " new-hook "}).execute()
        self.assertEqual(icp.get_param(PARAM_WEBHOOK_KEY), "new-hook")
        self.assertEqual(icp.get_param(PARAM_CLIENT_SECRET), "s3cr3t-client")

    def test_menu_opens_settings_at_the_xero_block(self):
        menu = self.env.ref("xero_connector.menu_xero_settings")
        self.assertEqual(menu.action._name, "ir.actions.act_url")
        self.assertEqual(menu.action.url, "/odoo/settings#xero_app")
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('id="xero_app"', arch.replace("'", '"'))


@tagged("post_install", "-at_install")
class TestScreensTour(HttpCase):
    """The pending item's Fix button and the mapping suggestion, clicked in Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conn = cls.env["xero.connection"].create({
            "name": "Fix Org", "tenant_id": "tenant-fix", "country_code": "AU",
        })
        cls.conn.sudo().state = "active"
        cls.env["account.account"].create({"code": "XQ610", "name": "Advertising and Marketing",
                                           "account_type": "expense"})
        fake = FakeXero({
            "Accounts": [account("a7", "7702", "Advertising XQ", "EXPENSE")],
            "Contacts": [contact("c7", "Delta Media")],
            "Invoices": [invoice("i77", "BILL-77", contact_id="c7", type_="ACCPAY", lines=[
                {"Description": "Ads", "Quantity": 1, "UnitAmount": 90, "AccountCode": "7702"}])],
        })
        with patch.object(type(cls.env["xero.connection"]), "_xero", lambda conn: fake):
            cls.env["xero.sync.job"]._enqueue(cls.conn, "full", "manual")
            cls.env["xero.sync.job"]._run_next(cls.conn)
        cls.item = cls.env["xero.pending.item"].search([("xero_id", "=", "i77")])
        assert cls.item.reason_code == "unmapped_account", cls.item.reason

    def test_fix_tour(self):
        binding = self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "7702")])
        suggestion = binding.suggested_account_id
        self.assertTrue(suggestion)
        self.start_tour("/odoo", "xero_fix_tour", login="admin")
        binding.invalidate_recordset()
        self.assertEqual(binding.account_id, suggestion)


@tagged("post_install", "-at_install")
class TestTrackingPlansAnswer(XeroFakeCase):
    def test_create_analytic_plans_answers(self):
        category = self.env["xero.tracking.category"].create({
            "connection_id": self.conn.id, "xero_id": "t1", "name": "Region Q",
            "plan_id": self.env.ref("xero_connector.analytic_plan_xero_tracking").id})
        action = category.action_create_plans()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("1 tracking category has its own analytic plan now.", action["params"]["message"])
        self.assertEqual(category.plan_id.name, "Region Q")
        self.assertEqual(category.action_create_plans()["params"]["type"], "warning")
        self.assertIn("Select the tracking categories",
                      self.env["xero.tracking.category"].action_create_plans()["params"]["message"])
