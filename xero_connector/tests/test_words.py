"""Words and counts that are true: plurals, what a job did and why, Odoo's reasons, amounts,
what can be published, and the job's words reaching the translation template."""

import warnings

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from ..models.xero_sync_job_words import PUBLISH_WHAT
from ..sync import steps
from ..sync.pull.contacts import refusal_reason
from .common import XeroFakeCase


@tagged("post_install", "-at_install")
class TestWords(XeroFakeCase):

    def test_plurals(self):
        self.assertEqual(steps.step_words(self.env, "contacts", {"errors": 1}), "Contacts: 1 error")
        self.assertEqual(steps.step_words(self.env, "contacts", {"errors": 2}), "Contacts: 2 errors")
        job = self.env["xero.sync.job"]._enqueue(self.conn, "contacts", "manual")
        job.write({"count_errors": 1, "api_calls": 1})
        self.assertIn("; 1 error; 1 API call.", job._finished_line())

    def test_sending_jobs_count_what_they_sent(self):
        job = self.env["xero.sync.job"]._enqueue(self.conn, "publish", "manual")
        job.write({"count_created": 1, "count_errors": 1, "api_calls": 2})
        line = job._finished_line()
        self.assertIn("2 sent to Xero = 1 accepted + 1 refused", line)
        self.assertNotIn("fetched", line)

    def test_not_sent_is_not_refused(self):
        """A record Odoo did not send (it knew Xero would refuse it) is no refusal by Xero."""
        self.assertEqual(steps.step_words(self.env, "contacts", {"errors": 2, "not_sent": 1}),
                         "Contacts: 1 error, 1 not sent")
        job = self.env["xero.sync.job"]._enqueue(self.conn, "publish", "manual")
        job._count_not_sent("publish")
        job.write({"count_created": 1, "api_calls": 1})
        self.assertEqual(job.count_errors, 1)
        self.assertIn("1 sent to Xero = 1 accepted + 0 refused; 1 not sent (fix them in Odoo)", job._finished_line())

    def test_job_labels_say_what_ran_and_why(self):
        Job = self.env["xero.sync.job"]
        payments = Job._enqueue(self.conn, "publish", "manual")
        payments.step_counts = {"publish": {"unchanged": 3}, "publish_payments": {"created": 1}}
        self.assertEqual(payments.label, "Publish payments to Xero")
        both = Job._enqueue(self.conn, "publish", "manual")
        both.step_counts = {"publish": {"created": 2}, "publish_payments": {"created": 1}}
        self.assertEqual(both.label, "Publish invoices, bills and credit notes, payments to Xero")
        hook = Job._enqueue(self.conn, "full", "webhook", only_ids={"contacts": ["c1"], "invoices": ["i1"]})
        self.assertEqual(hook.label, "Changes from Xero: Contacts, Invoices and bills")
        self.assertEqual(Job._enqueue(self.conn, "contacts", "manual").label, "Contacts")

    def test_odoo_reason_never_empty(self):
        self.assertEqual(refusal_reason(self.env, ValidationError("\nThe VAT number is not valid.\nMore")),
                         "The VAT number is not valid.")
        self.assertEqual(refusal_reason(self.env, ValidationError("\n\n")), "not a valid tax number for its country")

    def test_what_is_synced_has_headers_and_two_moments(self):
        self.conn.last_sync = fields.Datetime.now()
        html = str(self.conn.synced_html)
        for header in ("Records", "In Odoo", "Last synced", "Latest change in Xero"):
            self.assertIn(f"<th>{header}</th>", html)

    def test_publish_offered_only_where_it_works(self):
        partner = self.env["res.partner"].create({"name": "Pull Only Customer"})
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-10-03",
            "invoice_line_ids": [(0, 0, {"name": "Work", "quantity": 1, "price_unit": 10.0, "tax_ids": False})]})
        self.conn.direction_sales = "pull"
        move.invalidate_recordset(["xero_can_publish", "xero_publish_hint"])
        self.assertFalse(move.xero_can_publish)
        self.assertIn("only pulls", move.xero_publish_hint)
        self.conn.direction_sales = "both"
        move.invalidate_recordset(["xero_can_publish", "xero_publish_hint"])
        self.assertTrue(move.xero_can_publish)
        self.assertFalse(move.xero_publish_hint)

    def test_firm_card_offers_no_delete_client(self):
        arch = self.env.ref("xero_connector.xero_connection_view_kanban_client").arch
        self.assertIn("!record.is_firm.raw_value", arch)
        self.assertIn("Delete organisation", arch)

    def test_job_words_reach_the_translation_template(self):
        """Odoo's extractor (the one --i18n-export runs) finds the job summary's words, the step
        labels and the publishing words, though they live in sync/ and are used through variables."""
        with warnings.catch_warnings():  # Babel's own import of pkg_resources warns: not ours
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
            reader = TranslationModuleReader(self.env.cr, ["xero_connector"])
        found = {source for module, *_rest, source, _value, _comments in reader if module == "xero_connector"}
        words = [*steps.OUTCOME_WORDS.values(), *steps.BOOKED_WORDS.values(), *steps.ONE_WORDS.values(),
                 *steps.MAPPING_WORDS.values(), *PUBLISH_WHAT.values()]
        words += [cls.label for cls in steps.REGISTRY.values() if cls.label]
        missing = sorted({w._source for w in words} - found)
        self.assertFalse(missing, f"not in the translation template: {missing}")
        self.assertIn("Publish %s to Xero", found)

    def test_published_payment_offers_no_publish(self):
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "amount": 10.0,
            "partner_id": self.env["res.partner"].create({"name": "Payer"}).id})
        self.assertFalse(payment.xero_can_publish, "a draft payment of no document in Xero")
        with self.assertRaises(UserError):
            payment.action_publish_to_xero()
