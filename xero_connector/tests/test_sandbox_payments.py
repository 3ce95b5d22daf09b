"""Xero's bank accounts mapped to Odoo journals, and Odoo payments of published documents
published to the live Xero sandbox: one Xero payment per document paid, on the mapped bank
account, for the amount reconciled; publishing again sends nothing; a lost reply is adopted;
an overpayment is refused before sending; unreconciling deletes the payment in Xero."""

from datetime import date
from unittest.mock import patch

import requests
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..const import PARAM_MINUTE_LIMIT
from ..sync.publish.payments import PaymentPublisher
from ..xero_client import XeroClient
from .test_sandbox_flow import THAMES, WALLABY
from .test_sandbox_publish import SandboxPublishCase, WorkerKilled


class SandboxPaymentCase(SandboxPublishCase):

    def setUp(self):
        super().setUp()
        # many calls per test, one tenant after another: Xero's minute limits (the sandbox's, and
        # the governor's count shared across tests) would only make the tests wait
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000,
                                                                "day": 100000})
        self.env["ir.config_parameter"].sudo().set_param(PARAM_MINUTE_LIMIT, 100000)
        if self.connect_in_setup:
            self.find_banks()

    def find_banks(self):
        self.banks = self.env["xero.account"].search(
            [("connection_id", "=", self.conn.id), ("account_type", "=", "BANK")], order="code")
        self.assertGreaterEqual(len(self.banks), 2, self.banks.mapped("name"))
        self.bank = self.banks.filtered("bank_account_number")[:1]
        self.assertTrue(self.bank, "the sandbox's bank accounts carry their numbers")

    def journal(self, name, code, number=None):
        return self.env["account.journal"].create({
            "name": name, "type": "bank", "code": code, "company_id": self.company.id,
            **({"bank_acc_number": number} if number else {}),
        })

    def mapped_journal(self):
        journal = self.journal("Operating Account", "XOP")
        self.bank.journal_id = journal
        self.conn.direction_payments = "both"
        return journal

    def pay(self, moves, journal, amount=None, day=date(2026, 10, 20)):
        vals = {"journal_id": journal.id, "payment_date": day, "group_payment": True}
        if amount is not None:
            vals.update(amount=amount, payment_difference_handling="open")
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids).create(vals)
        return wizard._create_payments()

    def links(self, payments):
        return self.env["xero.payment.link"].search([("payment_id", "in", payments.ids)], order="id")

    def at_xero_payment(self, xero_id):
        token = self.sandbox.grant([self.tenant], ["accounting.payments.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/Payments/{xero_id}", timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"})
        reply.raise_for_status()
        return reply.json()["Payments"][0]

    def payment_writes(self):
        return [c for c in self.put_calls() if "/Payments" in c["path"]]

    def payments_at_xero(self):
        """The payments Odoo published to Xero (not the organisation's own), deleted ones left out."""
        token = self.sandbox.grant([self.tenant], ["accounting.payments.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/Payments", timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"},
            params={"where": 'Reference.Contains("odoo:")'})
        reply.raise_for_status()
        return [p for p in reply.json()["Payments"] if p.get("Status") != "DELETED"]

    def assert_each_once_and_due_is_residual(self, links):
        """Each link's payment exactly once in Xero, under the PaymentID Odoo holds, and each
        document's amount due in Xero equal to Odoo's residual to the cent."""
        at_xero = self.payments_at_xero()
        for link in links:
            carrying = [p for p in at_xero if (p.get("Reference") or "").endswith(" " + link._token())]
            self.assertEqual([p["PaymentID"] for p in carrying], [link.xero_id], link.display_name)
            self.assertEqual(carrying[0]["Amount"], link.amount)
        for move in links.move_id:
            self.assertEqual(self.at_xero(move)["AmountDue"], move.amount_residual, move.name)


@tagged("post_install", "-at_install")
class TestSandboxBankAccounts(SandboxPaymentCase):

    def test_bank_accounts_mapped_by_number_then_name(self):
        Pending = self.env["xero.pending.item"]
        waiting = [("connection_id", "=", self.conn.id), ("reason_code", "=", "unmapped_bank_account"),
                   ("state", "=", "open")]
        self.assertFalse(Pending.search(waiting))  # payments pulled only: no journal needed
        self.conn.direction_payments = "publish"
        self.run_job(self.conn, "reference")
        active = self.banks.filtered(lambda b: b.status == "ACTIVE")
        pending = Pending.search(waiting)
        self.assertEqual(sorted(pending.mapped("xero_id")), sorted(active.mapped("xero_id")))
        self.assertIn("has no Odoo bank or cash journal", pending[0].reason)
        self.assertEqual(pending[0].kind, "bank_account")
        action = pending[0].action_fix()
        fixed = active.filtered(lambda b: b.xero_id == pending[0].xero_id)
        self.assertEqual(action["domain"], [("id", "in", fixed.ids)])

        other = (active - self.bank)[:1]
        digits = "".join(ch for ch in self.bank.bank_account_number if ch.isdigit())
        by_number = self.journal("Operating", "XOP", f"{digits[:3]} {digits[3:]}")  # other spacing, same number
        by_name = self.journal(other.name.upper(), "XSV")
        self.assertEqual(self.bank.suggested_journal_id, by_number)
        self.assertEqual(self.bank.journal_suggestion_reason, "same account number")
        self.assertEqual(other.suggested_journal_id, by_name)
        self.run_job(self.conn, "reference")
        self.assertEqual(self.bank.journal_id, by_number)
        self.assertEqual(other.journal_id, by_name)
        left = active.filtered(lambda b: not b.journal_id)
        self.assertEqual(sorted(Pending.search(waiting).mapped("xero_id")), sorted(left.mapped("xero_id")))
        self.assertEqual(set(pending.filtered(lambda p: p.xero_id in (self.bank | other).mapped("xero_id"))
                             .mapped("state")), {"resolved"})
        if left:  # mapped by hand on the mapping screen: its item clears at once
            left[0].journal_id = self.journal("Third", "XTH")
            self.assertEqual(pending.filtered(lambda p: p.xero_id == left[0].xero_id).state, "resolved")

    def test_one_journal_pays_from_one_xero_bank_account(self):
        journal = self.journal("Operating", "XOP")
        self.banks[0].journal_id = journal
        with self.assertRaises(ValidationError):
            self.banks[1].journal_id = journal


@tagged("post_install", "-at_install")
class TestSandboxPayments(SandboxPaymentCase):

    def test_full_and_part_payments_once_on_the_mapped_bank_account(self):
        journal = self.mapped_journal()
        full, part = self.document(), self.document()
        self.publish(full | part)
        self.assertEqual((full | part).mapped("xero_publish_state"), ["published"] * 2)
        paid = self.pay(full, journal)
        partly = self.pay(part, journal, amount=100.0)
        job = self.publish()
        self.assertEqual(job.state, "done", job.log)
        self.assertEqual(job.count_created, 2, job.log)
        for payment, move, amount in ((paid, full, full.amount_total), (partly, part, 100.0)):
            link = self.links(payment)
            self.assertEqual((link.state, link.move_id, link.amount), ("published", move, amount), link.error)
            at_xero = self.at_xero_payment(link.xero_id)
            self.assertEqual(at_xero["Account"]["AccountID"], self.bank.xero_id)
            self.assertEqual(at_xero["Amount"], amount)
            self.assertEqual(at_xero["Invoice"]["InvoiceID"], move.xero_id)
            self.assertIn(link._token(), at_xero["Reference"])
            doc = self.at_xero(move)
            self.assertEqual(doc["AmountDue"], move.amount_residual)  # Odoo's residual, to the cent
        self.assertEqual(self.at_xero(full)["Status"], "PAID")
        self.assertEqual(self.at_xero(part)["Status"], "AUTHORISED")

        # publishing again sends nothing; a pull that follows books no second payment
        writes = len(self.payment_writes())
        self.assertEqual(self.publish().count_created, 0)
        self.assertEqual(len(self.payment_writes()), writes)
        before = self.env["account.payment"].search_count([("company_id", "=", self.company.id)])
        self.run_job(self.conn, "documents")
        self.assertEqual(self.env["account.payment"].search_count([("company_id", "=", self.company.id)]), before)

    def test_one_payment_over_two_invoices_is_one_xero_payment_each(self):
        journal = self.mapped_journal()
        first, second = self.document(), self.document(lines=[("Small job", 1, 20.0, 0.0, True)])
        self.publish(first | second)
        payment = self.pay(first | second, journal)
        self.assertEqual(len(payment), 1)
        self.publish()
        links = self.links(payment)
        self.assertEqual(links.mapped("state"), ["published"] * 2, links.mapped("error"))
        self.assertEqual(sorted(links.mapped("amount")), sorted([first.amount_total, second.amount_total]))
        for move in first | second:
            self.assertEqual(self.at_xero(move)["Status"], "PAID")
        self.assertEqual(len(self.payment_writes()), 1)  # one batch
        self.assert_each_once_and_due_is_residual(links)

    def test_queued_when_reconciled_if_published_when_posted(self):
        journal = self.mapped_journal()
        move = self.document()
        self.publish(move)
        self.conn.publish_when = "post"
        payment = self.pay(move, journal, amount=10.0)
        job = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "publish"),
                                                ("state", "=", "queued")])
        self.assertEqual(job.move_ids, move)
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(self.links(payment).state, "published", job.log)
        self.assertEqual(self.at_xero(move)["AmountPaid"], 10.0)
        self.assertIn("Payments to Xero: 1 new", job.summary)
        self.assert_each_once_and_due_is_residual(self.links(payment))

    def test_publish_button_on_the_payment(self):
        journal = self.mapped_journal()
        move = self.document()
        self.publish(move)
        payment = self.pay(move, journal)
        self.assertTrue(payment.xero_can_publish)
        action = payment.action_publish_to_xero()
        job = self.env["xero.sync.job"].browse(action["res_id"])
        self.assertEqual((job.kind, job.move_ids), ("publish", move))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(payment.xero_link_ids.state, "published", job.log)
        self.assert_each_once_and_due_is_residual(payment.xero_link_ids)
        # published: the button is gone, and asking again says so instead of making a job
        payment.invalidate_recordset(["xero_can_publish"])
        self.assertFalse(payment.xero_can_publish)
        with self.assertRaisesRegex(UserError, "already in Xero"):
            payment.action_publish_to_xero()
        unpaid = self.pay(self.document(), journal)  # its invoice is not in Xero
        with self.assertRaises(UserError):
            unpaid.action_publish_to_xero()

    def test_payment_made_in_xero_comes_back_reconciled(self):
        journal = self.mapped_journal()
        move = self.document()
        self.publish(move)
        token = self.sandbox.grant([self.tenant], ["accounting.payments"])["access_token"]
        reply = requests.put(f"{self.sandbox.url}/api.xro/2.0/Payments", timeout=30, json={"Payments": [{
            "Invoice": {"InvoiceID": move.xero_id}, "Account": {"Code": self.bank.code}, "Amount": 40.0,
            "Date": "2026-10-21", "Reference": "Paid in Xero"}]}, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"})
        self.assertEqual(reply.status_code, 200, reply.text)
        job = self.run_job(self.conn, "documents")
        payment = self.env["account.payment"].search([("xero_id", "=", reply.json()["Payments"][0]["PaymentID"])])
        self.assertTrue(payment, job.log)
        self.assertEqual((payment.journal_id, payment.amount), (journal, 40.0))
        self.assertAlmostEqual(move.amount_residual, move.amount_total - 40.0)
        writes = len(self.payment_writes())
        self.publish()  # a payment that came from Xero is never sent back
        self.assertEqual(len(self.payment_writes()), writes)
        self.assertFalse(payment.xero_link_ids)

    def test_lost_reply_is_adopted_not_resent(self):
        journal = self.mapped_journal()
        move = self.document()
        self.publish(move)
        payment = self.pay(move, journal, amount=50.0)
        real_save = XeroClient.save_batch

        def save_then_die(client, collection, *args, **kwargs):
            results = real_save(client, collection, *args, **kwargs)
            if collection == "Payments":
                raise WorkerKilled()
            return results

        killed = False
        with patch.object(XeroClient, "save_batch", save_then_die):
            try:  # a dead worker's commits stay
                self.publish()
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        link = self.links(payment)
        self.assertEqual(link.state, "sending")
        writes = len(self.payment_writes())
        self.env["xero.sync.job"]._run_next(self.conn)  # the scheduler resumes the dead worker's job
        self.assertEqual(link.state, "published", link.error)
        self.assertEqual(len(self.payment_writes()), writes)  # adopted, not sent again
        self.assertEqual(self.at_xero(move)["AmountPaid"], 50.0)
        self.assert_each_once_and_due_is_residual(link)

    def test_killed_mid_batch_leaves_no_payment_doubled(self):
        """Batches of two, overlapped: Xero has answered the first and holds the second when the
        worker dies, before Odoo wrote either answer; the third was never sent. The scheduler's
        next run adopts the four by their tokens and sends only the fifth."""
        journal = self.mapped_journal()
        moves = self.env["account.move"].concat(*[self.document() for _n in range(5)])
        self.publish(moves)
        # full payments and part payments (a doubled part payment is one Xero would take)
        payments = self.env["account.payment"].concat(*[
            self.pay(move, journal, amount=None if n % 2 else 20.0 + n) for n, move in enumerate(moves)])
        real_save, batches = XeroClient.save_batch, []

        def counted_save(client, collection, *args, **kwargs):
            if collection == "Payments":
                batches.append(len(args[0]))
            return real_save(client, collection, *args, **kwargs)

        def die_waiting(exporter, call):
            call.result()  # Xero has answered the first batch (and takes the second meanwhile)
            raise WorkerKilled()

        killed = False
        with patch.object(PaymentPublisher, "batch_size", 2), \
                patch.object(XeroClient, "save_batch", counted_save), \
                patch.object(PaymentPublisher, "_wait", die_waiting):
            try:  # not assertRaises: Odoo's rolls back to a savepoint, a dead worker's commits stay
                self.publish()
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(batches, [2, 2])
        links = self.links(payments)
        self.assertEqual(sorted(links.mapped("state"), key=str), [False] + ["sending"] * 4)
        self.assertEqual(len(self.payments_at_xero()), 4)  # in Xero, not yet known to Odoo

        with patch.object(PaymentPublisher, "batch_size", 2):
            self.env["xero.sync.job"]._run_next(self.conn)  # the scheduler resumes the dead worker's job
        self.assertEqual(links.mapped("state"), ["published"] * 5, links.mapped("error"))
        self.assertEqual(len(self.payment_writes()), 3)  # the fifth alone was sent again
        self.assert_each_once_and_due_is_residual(links)
        self.publish()  # and again: nothing more
        self.assertEqual(len(self.payment_writes()), 3)
        self.assertEqual(len(self.payments_at_xero()), 5)

    def test_lost_and_not_yet_found_is_resent_with_the_same_idempotency_key(self):
        """The worker dies once Xero saved the batch, and Xero's search does not show the
        payments yet when the scheduler resumes: sent again with the lost request's
        Idempotency-Key, Xero answers from its memory and keeps one payment each."""
        journal = self.mapped_journal()
        moves = self.document() | self.document()
        self.publish(moves)
        payments = self.pay(moves[0], journal, amount=30.0) | self.pay(moves[1], journal, amount=12.34)
        real_save, keys = XeroClient.save_batch, []

        def save_then_die(client, collection, *args, **kwargs):
            keys.append(kwargs.get("idempotency_key"))
            results = real_save(client, collection, *args, **kwargs)
            if collection == "Payments" and len(keys) == 1:
                raise WorkerKilled()
            return results

        killed = False
        with patch.object(XeroClient, "save_batch", save_then_die):
            try:
                self.publish()
            except WorkerKilled:
                killed = True
            self.assertTrue(killed)
            self.assertEqual(self.links(payments).mapped("state"), ["sending", "sending"])
            with patch.object(PaymentPublisher, "find_sent", lambda exporter, group, records, since: []):
                self.env["xero.sync.job"]._run_next(self.conn)
        links = self.links(payments)
        self.assertEqual(links.mapped("state"), ["published", "published"], links.mapped("error"))
        self.assertEqual(len(keys), 2)
        self.assertEqual(keys[0], keys[1])  # the same request: answered from Xero's memory
        self.assertEqual(len(self.payments_at_xero()), 2)
        self.assert_each_once_and_due_is_residual(links)

    def test_overpayment_and_unmapped_journal_refused_before_sending(self):
        journal = self.mapped_journal()
        move = self.document()
        other = self.document()
        self.publish(move | other)
        over = self.pay(move, journal, amount=move.amount_total + 10.0)
        unmapped = self.pay(other, self.journal("Elsewhere", "XEL"))
        writes = len(self.payment_writes())
        job = self.publish()
        self.assertEqual(job.count_errors, 2, job.log)
        self.assertEqual(len(self.payment_writes()), writes)
        self.assertEqual(self.links(over).state, "error")
        self.assertIn("overpayments and prepayments are not published", self.links(over).error)
        self.assertIn("10.00", self.links(over).error)
        self.assertIn("is not mapped to a Xero bank account", self.links(unmapped).error)
        self.assertIn("Not published to Xero", over.message_ids[:1].body)

    def test_unreconcile_deletes_it_in_xero_unless_xero_reconciled_it(self):
        journal = self.mapped_journal()
        move, second = self.document(), self.document()
        self.publish(move | second)
        payment = self.pay(move, journal)
        self.publish()
        link = self.links(payment)
        self.assertEqual(self.at_xero(move)["Status"], "PAID")
        payment.action_draft()  # unreconciles
        self.assertEqual(link.delete_state, "to_delete")
        self.run_jobs()  # Xero is told after Odoo's change commits, by the outbox job
        self.assertEqual(link.state, "deleted")
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "DELETED")
        doc = self.at_xero(move)
        self.assertEqual((doc["Status"], doc["AmountDue"]), ("AUTHORISED", move.amount_total))
        payment.action_post()  # posted again, reconciled again: a new Xero payment
        (payment.move_id.line_ids | move.line_ids).filtered(
            lambda ln: ln.account_id.account_type == "asset_receivable" and not ln.reconciled).reconcile()
        self.publish()
        again = self.links(payment).filtered(lambda ln: ln.state != "deleted")
        self.assertEqual(again.state, "published", again.error)
        self.assertEqual(self.at_xero(move)["Status"], "PAID")
        self.assert_each_once_and_due_is_residual(again)

        # Xero has reconciled it with a bank statement line: Odoo's unreconcile is refused with Xero's words
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{self.tenant}/records/Payments",
                           json={"items": [dict(self.at_xero_payment(again.xero_id), IsReconciled=True)]})
        with self.assertRaises(UserError) as refused:
            payment.action_draft()
        self.assertIn("reconciled", str(refused.exception))
        self.assertEqual(again.state, "published")


@tagged("post_install", "-at_install")
class TestSandboxPaymentCountries(SandboxPaymentCase):
    """An Australian and a British company, each with its country's chart, pay published
    invoices and bills: in a foreign currency, in part, several at once; Xero's amount due is
    Odoo's residual to the cent."""

    connect_in_setup = False

    def org(self, tenant, name, sales_type, purchase_type):
        company = self.env["xero.connection"]._company_for({"tenantId": tenant, "tenantName": name},
                                                           self.grant(tenant))
        self.setup_org(tenant, company)
        rates = self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)])
        self.sale_tax = rates.filtered(lambda r: r.xero_id == sales_type).sale_tax_id
        self.purchase_tax = rates.filtered(lambda r: r.xero_id == purchase_type).purchase_tax_id
        self.find_banks()
        return self.mapped_journal()

    def assert_due_is_residual(self, moves):
        for move in moves:
            self.assertEqual(self.at_xero(move)["AmountDue"], move.amount_residual, move.name)

    def test_au_foreign_currency_and_part_payment(self):
        journal = self.org(WALLABY, "Wallaby Wholesale Pty", "OUTPUT", "INPUT")
        self.assertEqual(self.company.currency_id.name, "AUD")
        usd = self.env.ref("base.USD")
        usd.active = True
        self.env["res.currency.rate"].create({"currency_id": usd.id, "company_id": self.company.id,
                                              "name": date(2026, 10, 1), "company_rate": 0.6543})
        foreign = self.document(currency_id=usd.id)
        bill = self.document("in_invoice", ref="AU-BILL-9")
        self.publish(foreign | bill)
        paid = self.pay(foreign, journal)
        self.assertEqual(paid.currency_id, usd)
        partly = self.pay(bill, journal, amount=33.33)
        job = self.publish()
        self.assertEqual(job.count_created, 2, job.log)
        at_xero = self.at_xero_payment(self.links(paid).xero_id)
        self.assertEqual((at_xero["Amount"], at_xero["CurrencyRate"]), (foreign.amount_total, 0.6543))
        self.assertEqual(self.at_xero(foreign)["Status"], "PAID")
        bill_payment = self.at_xero_payment(self.links(partly).xero_id)
        self.assertEqual((bill_payment["Amount"], bill_payment["PaymentType"]), (33.33, "ACCPAYPAYMENT"))
        self.assert_due_is_residual(foreign | bill)

    def test_gb_several_bills_at_once_and_a_refund(self):
        journal = self.org(THAMES, "Thames Consulting", "OUTPUT2", "INPUT2")
        self.assertEqual(self.company.currency_id.name, "GBP")
        bills = self.document("in_invoice", ref="GB-B-1") | self.document(
            "in_invoice", ref="GB-B-2", lines=[("Hosting", 1, 12.34, 0.0, True)])
        invoice = self.document()
        refund = self.document("out_refund", lines=[("Credit", 1, 10.0, 0.0, True)])
        self.publish(bills | invoice | refund)
        together = self.pay(bills, journal)
        self.assertEqual(len(together), 1)
        half = self.pay(invoice, journal, amount=round(invoice.amount_total / 2, 2))
        refunded = self.pay(refund, journal)
        job = self.publish()
        self.assertEqual(job.count_created, 4, job.log)
        self.assertEqual(len(self.links(together)), 2)
        refund_payment = self.at_xero_payment(self.links(refunded).xero_id)
        self.assertEqual(refund_payment["CreditNote"]["CreditNoteID"], refund.xero_id)
        self.assertEqual(refund_payment["PaymentType"], "ARCREDITPAYMENT")
        self.assertEqual(self.links(half).amount, round(invoice.amount_total / 2, 2))
        self.assert_due_is_residual(bills | invoice)
        note = self.at_xero(refund)
        self.assertEqual((note["Status"], note["RemainingCredit"]), ("PAID", 0.0))
