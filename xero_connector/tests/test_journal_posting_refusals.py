"""Journal posting never takes an entry that is, or came from, a Xero document (issue 27): a
customer invoice pulled from Xero, a document published to Xero, the entry of a payment pulled
from Xero or published as a Xero payment. Posted as manual journals too they would count twice
in Xero (sales and GST). Each way of selecting is tried: the list's Post to Xero (chosen
entries), the wizard's date range over the chosen journals, and the scheduled posting."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_journal_posting import JournalPostingCase


@tagged("post_install", "-at_install")
class TestJournalPostingRefusesXeroDocuments(JournalPostingCase):

    def setUp(self):
        super().setUp()
        self.sales = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "sale")], limit=1)
        self.bank = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")], limit=1)
        self.customer = self.env["res.partner"].create({"name": "Journal Posting Customer"})
        self.conn.write({"post_journal_ids": [(6, 0, (self.journal | self.sales | self.bank).ids)]})
        self.pulled = self.invoice(10)
        self.pulled.write({"xero_connection_id": self.conn.id, "xero_id": "inv-pulled"})
        self.published = self.invoice(11)
        self.published.write({"xero_connection_id": self.conn.id, "xero_id": "inv-published",
                              "xero_publish_state": "published"})
        self.pulled_payment = self.payment(12)
        self.pulled_payment.write({"xero_connection_id": self.conn.id, "xero_id": "pay-pulled"})
        self.published_payment = self.payment(13)
        self.env["xero.payment.link"].sudo().create({
            "connection_id": self.conn.id, "payment_id": self.published_payment.id, "move_id": self.published.id,
            "state": "published", "xero_id": "pay-published"})
        self.xero_entries = (self.pulled | self.published | self.pulled_payment.move_id
                             | self.published_payment.move_id)
        self.plain = self.entry(14)

    def invoice(self, day):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer.id, "journal_id": self.sales.id,
            "invoice_date": date(2026, 3, day), "date": date(2026, 3, day),
            "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 1, "price_unit": 100.0,
                                         "account_id": self.revenue.id, "tax_ids": [(6, 0, [])]})],
        })
        move.action_post()
        return move

    def payment(self, day):
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": self.customer.id,
            "amount": 40.0, "journal_id": self.bank.id, "date": date(2026, 3, day)})
        payment.action_post()
        self.assertTrue(payment.move_id, "a payment with its journal entry")
        return payment

    def assert_refused_in_words(self, text):
        self.assertIn("Never posted as journals", text)
        self.assertIn(f"{self.pulled.name} came from Xero (pulled)", text)

    def test_list_action_refuses_a_pulled_invoice(self):
        """The invoices list's Post to Xero with a pulled customer invoice: blocked, in words."""
        action = self.pulled.action_post_to_xero()
        wizard = self.env["xero.post.wizard"].with_context(**action["context"]).create(
            {"connection_id": self.conn.id})
        wizard.action_preview()
        self.assertIn("0 ready to post", wizard.preview)
        self.assert_refused_in_words(wizard.preview)
        self.assertEqual(set(wizard.preview_line_ids.mapped("state")), {"blocked"})
        self.assertIn("came from Xero", wizard.preview_line_ids[0].reason)
        self.assertFalse(wizard.preview_json)
        with self.assertRaises(UserError) as refused:
            wizard.action_post()
        self.assert_refused_in_words(str(refused.exception))
        self.assertEqual(self.fake.saved, [])

    def test_list_action_with_every_kind_takes_only_the_plain_entry(self):
        wizard = self.env["xero.post.wizard"].create(
            {"connection_id": self.conn.id, "move_ids": [(6, 0, (self.xero_entries | self.plain).ids)]})
        wizard.action_preview()
        self.assertIn("1 ready to post", wizard.preview)
        self.assertIn("4 blocked", wizard.preview)
        for words in (f"{self.published.name} is published to Xero as a document",
                      f"{self.pulled_payment.move_id.name} is a payment that came from Xero",
                      f"{self.published_payment.move_id.name} is a payment published to Xero as a payment"):
            self.assertIn(words, wizard.preview)
        wizard.action_post()
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(len(self.fake.saved), 1)
        self.assertIn(self.plain._xero_post_token(), self.fake.saved[0]["Narration"])
        self.assertEqual(set(self.xero_entries.mapped("xero_post_state")), {False})

    def test_wizard_date_range_over_chosen_journals(self):
        wizard = self.env["xero.post.wizard"].create({
            "connection_id": self.conn.id, "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
        self.assertEqual(wizard._moves(), self.plain)
        wizard.action_preview()
        self.assertIn("1 ready to post", wizard.preview)
        self.assert_refused_in_words(wizard.preview)
        wizard.action_post()
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(len(self.fake.saved), 1)
        self.assertEqual(set(self.xero_entries.mapped("xero_post_state")), {False})

    def test_scheduled_posting_of_chosen_journals(self):
        """A job for the chosen journals (period close, schedule) never sends them either, and
        says why in its log."""
        self.conn.action_post_journals(cutoff_date=date(2026, 3, 31))
        job = self.env["xero.sync.job"].search([("kind", "=", "journals"), ("connection_id", "=", self.conn.id)],
                                               order="id desc", limit=1)
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(len(self.fake.saved), 1)
        self.assertIn(self.plain._xero_post_token(), self.fake.saved[0]["Narration"])
        self.assertEqual(set(self.xero_entries.mapped("xero_post_state")), {False})
        self.assertIn(f"{self.pulled.name} came from Xero (pulled)", job.log)

    def test_a_job_given_xero_documents_directly_sends_none(self):
        """Even a job handed the entries directly (not through the wizard) refuses them."""
        self.conn.action_post_journals(moves=self.xero_entries)
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(self.fake.saved, [])

    def test_documents_this_organisation_publishes_are_refused(self):
        """Invoices of a kind set to publish become Xero documents: never journals too."""
        self.conn.write({"direction_sales": "publish"})
        fresh = self.invoice(15)
        wizard = self.env["xero.post.wizard"].create({"connection_id": self.conn.id, "move_ids": [(6, 0, fresh.ids)]})
        wizard.action_preview()
        self.assertIn("0 ready to post", wizard.preview)
        self.assertIn(f"{fresh.name} is a document this organisation publishes", wizard.preview)
