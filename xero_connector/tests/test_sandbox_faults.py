"""Fault injection (issue 27): every write to Xero, broken where real ones break, heals so that
Odoo and Xero agree on every record: 0 lost, 0 twice, 0 voided in Xero but posted in Odoo.

Write kinds: publish a document, change a published one (reset to draft, edit, post), cancel
(void), reset to draft, unreconcile (a published payment deleted), publish a payment, publish
an item. For each:
(a) Odoo's transaction fails after the connector's hook ran -> Xero unchanged, nothing queued;
(b) the worker dies at each step of the send: before the call; after Xero stored it, before the
    reply; after the reply, before Odoo recorded it; half way through recording it; or it lives
    and the reply is lost (the sandbox's `lost` fault: stored, then the connection cut). Then
    the dead worker's job is resumed as the scheduler resumes it (_run_next marks it
    interrupted and continues it) and one run follows: both books agree.

A dead worker loses what it had not committed: here each commit of the job machinery
(sync.steps.commit) is a savepoint of the test's transaction, and a kill rolls back to the last
one, as PostgreSQL drops a killed session's open transaction. Hypothesis draws the kill points
and sequences of edits (derandomized, few examples: each costs database and sandbox work).
"""

import itertools
import os
import uuid
from datetime import date
from unittest.mock import patch

import requests
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..sync.mappers import payments as payment_mappers
from ..sync.mappers import publish as publish_mappers
from ..sync.publish.documents import DocumentPublisher
from ..sync.publish.items import ItemPublisher
from ..sync.publish.outbox import DocumentVoider, PaymentDeleter
from ..sync.publish.payments import PaymentPublisher
from ..xero_client import XeroClient
from .fault_injection import KILLS, FaultInjection, LaterFailure
from .test_sandbox_payments import SandboxPaymentCase

KINDS = ("publish", "change", "cancel", "reset", "unreconcile", "payment", "item")
SENDERS = {"publish": DocumentPublisher, "change": DocumentPublisher, "reset": DocumentPublisher,
           "cancel": DocumentVoider, "unreconcile": PaymentDeleter, "payment": PaymentPublisher,
           "item": ItemPublisher}
EXAMPLES = int(os.environ.get("XERO_FAULT_EXAMPLES", 15))


@tagged("post_install", "-at_install")
class TestSandboxFaults(FaultInjection, SandboxPaymentCase):

    def setUp(self):
        super().setUp()
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000,
                                                                "day": 100000, "concurrent": 100})
        self.bank_journal = self.mapped_journal()

    # ------------------------------------------------------------------ the books
    def calls(self):
        return self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": self.tenant})

    def writes(self, since=0):
        return [c for c in self.calls()[since:] if c["method"] in ("PUT", "POST")]

    def in_xero(self, path, **params):
        """Xero's records as a Xero user reads them (every status)."""
        token = self.sandbox.grant([self.tenant], ["accounting.settings.read", "accounting.invoices.read",
                                                   "accounting.payments.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/{path}", params=params, timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"})
        reply.raise_for_status()
        return reply.json()[path]

    def assert_books_agree(self, moves=None, links=None, products=None, voided_ok=()):
        """Odoo and Xero agree on every record of the example: each posted and published
        document once in Xero, approved, with Odoo's total; each cancelled one voided or deleted
        there; no document voided in Xero while posted in Odoo; each published payment once
        (the document's amount due equal to Odoo's residual), each deleted one deleted; each
        item once, bound; no job left queued or running."""
        self.assertFalse(self.open_jobs(), self.open_jobs().mapped("log"))
        moves = (moves or self.env["account.move"]).exists()
        docs = {c: self.in_xero(c) for c in ("Invoices", "CreditNotes")} if moves else {}
        for move in moves:
            token = move._xero_publish_token()
            collection = publish_mappers.collection_of(move.move_type)
            copies = [d for d in docs[collection] if publish_mappers.token_of(d.get("Url"), d.get("Reference"), token)]
            self.assertLessEqual(len(copies), 1, f"{move.name} twice in Xero")
            where = f"{move.name} ({move.state}, {move.xero_publish_state}: {move.xero_publish_error})"
            if move.state == "posted":
                self.assertEqual(len(copies), 1, f"{where}: lost")
                self.assertEqual(move.xero_publish_state, "published", where)
                self.assertEqual(move.xero_id, copies[0].get("InvoiceID") or copies[0].get("CreditNoteID"), where)
                self.assertEqual((copies[0]["Status"], copies[0]["Total"]), ("AUTHORISED", move.amount_total), where)
            elif move.state == "cancel" and copies:
                self.assertEqual(move.xero_publish_state, "cancelled", where)
                self.assertIn(copies[0]["Status"], ("VOIDED", "DELETED"), where)
            elif move.state == "draft" and copies and move.id not in voided_ok:
                self.assertEqual(move.xero_id, copies[0].get("InvoiceID") or copies[0].get("CreditNoteID"), where)
                self.assertEqual((move.xero_publish_state, copies[0]["Status"]), ("changed", "AUTHORISED"), where)
        links = (links or self.env["xero.payment.link"]).exists()
        if links:
            payments = self.in_xero("Payments", where='Reference.Contains("odoo:")')
            for link in links:
                carrying = [p for p in payments if payment_mappers.token_in(p.get("Reference"), link._token())]
                alive = [p for p in carrying if p["Status"] != "DELETED"]
                where = f"{link.display_name} ({link.state}, {link.delete_state}: {link.error or link.delete_error})"
                self.assertLessEqual(len(alive), 1, f"{where}: twice in Xero")
                if link.state == "published" and not link.delete_state:
                    self.assertEqual([p["PaymentID"] for p in alive], [link.xero_id], f"{where}: lost")
                    self.assertEqual(alive[0]["Amount"], link.amount, where)
                else:
                    self.assertEqual((link.state, link.delete_state if carrying else "deleted"),
                                     ("deleted", "deleted"), where)
                    self.assertFalse(alive, f"{where}: still in Xero")
            for move in links.move_id.filtered(lambda m: m.state == "posted"):
                self.assertEqual(self.at_xero(move)["AmountDue"], move.amount_residual, move.name)
        products = (products or self.env["product.product"]).exists()
        if products:
            items = self.in_xero("Items", unitdp=4)
            for product in products:
                link = self.env["xero.product.binding"].search([("connection_id", "=", self.conn.id),
                                                                ("product_id", "=", product.id)])
                same = [i for i in items if i["Code"] == product.default_code]
                self.assertEqual(len(same), 1, product.default_code)
                self.assertEqual((link.publish_state, link.xero_id), ("published", same[0]["ItemID"]),
                                 link.publish_error)
                self.assertEqual((same[0]["Name"], same[0]["SalesDetails"]["UnitPrice"]),
                                 (product.name, product.lst_price))

    # ------------------------------------------------------------------ what a user does
    def documents(self, count, move_type="out_invoice"):
        """Documents of a sales journal of their own: Odoo numbers them again after an example is
        rolled back, and Xero keeps the numbers it got (its invoice numbers are unique)."""
        journal = self.env["account.journal"].create({
            "name": "Fault sales", "type": "sale", "code": f"F{uuid.uuid4().hex[:4].upper()}",
            "company_id": self.company.id})
        moves = self.env["account.move"]
        for index in range(count):
            moves |= self.document(move_type, lines=[("Consulting", 1 + index, 100.0, 0.0, True)],
                                   journal_id=journal.id)
        return moves

    def product(self):
        code = f"FI-{uuid.uuid4().hex[:10]}"  # Xero keeps the items of earlier examples
        return self.env["product.product"].create({
            "name": f"Fault item {code}", "default_code": code, "list_price": 12.5, "sale_ok": True,
            "property_account_income_id": self.income.id, "property_account_expense_id": self.expense.id})

    def given(self, kind, count):
        """The records a write of this kind starts from (already in Xero where it needs them)."""
        records = {"moves": self.documents(0 if kind == "item" else count), "links": None, "products": None}
        if kind == "item":
            self.conn.direction_products = "both"
            records["products"] = self.env["product.product"].concat(*[self.product() for _i in range(count)])
            self.publish()
        elif kind != "publish":
            self.publish(records["moves"])
        if kind == "unreconcile":
            payments = self.env["account.payment"].concat(*[
                self.pay(m, self.bank_journal, amount=40.0) for m in records["moves"]])
            self.publish()
            records["links"] = self.links(payments)
            self.assertEqual(set(records["links"].mapped("state")), {"published"})
        self.assertFalse(self.open_jobs())
        return records

    def act(self, kind, records):
        """The user's write: Odoo's change, and the connector's hook recording what Xero must be
        told (a queued job, a `to_cancel`/`to_delete` row, a product `to_send`)."""
        moves = records["moves"]
        if kind == "publish":
            self.conn._publish_jobs(moves)
        elif kind in ("change", "reset"):
            moves.button_draft()
            if kind == "change":
                for move in moves:
                    move.invoice_line_ids[0].price_unit += 11.0
            moves.action_post()
            self.conn._publish_jobs(moves)
        elif kind == "cancel":
            moves.button_cancel()
        elif kind == "unreconcile":
            records["links"].payment_id.action_draft()
        elif kind == "payment":
            payments = self.env["account.payment"].concat(*[self.pay(m, self.bank_journal, amount=40.0)
                                                            for m in moves])
            self.conn._publish_jobs()
            records["links"] = payments
        elif kind == "item":  # items changed, and a new one
            for product in records["products"]:
                product.list_price += 1.0
            records["products"] |= self.product()
            self.conn._publish_jobs()

    # ------------------------------------------------------------------ faults
    def killed_then_healed(self, kind, kill, count):
        with self.example() as durable:
            records = self.given(kind, count)
            self.act(kind, records)
            with self.fault(SENDERS[kind], kill) as state:
                died = self.run_killed(durable)
            self.assertTrue(state["fired"], f"{kind}: the fault at {kill} never came: {self.jobs_log()}")
            self.assertEqual(died, kill != "lost", f"{kind} at {kill}")
            self.assertFalse(self.sandbox.admin("GET", "/__sandbox__/faults"), f"{kind}: the lost reply never came")
            self.restart()
            if kind == "payment":
                records["links"] = self.links(records["links"])
                self.assertEqual(len(records["links"]), count)
            self.assert_books_agree(records["moves"], records["links"], records["products"])
            if kind == "cancel":
                self.assertEqual(set(records["moves"].mapped("xero_publish_state")), {"cancelled"})
            if kind == "unreconcile":
                self.assertEqual(set(records["links"].mapped("delete_state")), {"deleted"})

    # ------------------------------------------------------------------ (a) the transaction fails
    def test_a_failed_transaction_after_the_hook_leaves_xero_unchanged_and_nothing_queued(self):
        for kind in KINDS:
            with self.subTest(kind=kind), self.example():
                records = self.given(kind, 2)
                self.conn.publish_when = "post"  # posting and paying queue a job in the same transaction
                if kind == "publish":
                    records["moves"].button_draft()  # posted again below, inside the failing transaction
                moves = records["moves"]
                before = [(m.state, m.xero_publish_state, m.amount_total) for m in moves]
                links_before = self.env["xero.payment.link"].search_read([], ["state", "delete_state"])
                jobs = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)])
                calls = len(self.calls())
                with self.assertRaises(LaterFailure), self.env.cr.savepoint():
                    if kind == "publish":
                        moves.action_post()
                    else:
                        self.act(kind, records)
                    raise LaterFailure()
                self.env.invalidate_all()
                self.assertEqual([(m.state, m.xero_publish_state, m.amount_total) for m in moves], before, kind)
                self.assertEqual(self.env["xero.payment.link"].search_read([], ["state", "delete_state"]), links_before,
                                 kind)
                self.assertEqual(self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)]), jobs,
                                 f"{kind}: nothing queued")
                self.assertFalse(self.conn._xero_outbox_waiting(), kind)
                if records["products"]:
                    self.assertEqual(set(self.env["xero.product.binding"].search([
                        ("product_id", "in", records["products"].ids)]).mapped("publish_state")), {"published"})
                jobs = self.publish()  # a publishing run finds nothing to tell Xero
                self.assertFalse(self.writes(calls), f"{kind}: Xero written ({jobs.log})")

    # ------------------------------------------------------------------ (b) the worker dies
    def test_every_kind_killed_at_every_step_heals(self):
        """Each write kind x each kill point, two records a batch."""
        only = os.environ.get("XERO_FAULT_ONLY")  # e.g. "payment:stored,item:before" while debugging
        for kind, kill in itertools.product(KINDS, KILLS):
            if only and f"{kind}:{kill}" not in only.split(","):
                continue
            with self.subTest(kind=kind, kill=kill):
                self.killed_then_healed(kind, kill, 2)

    def test_any_sequence_of_edits_with_kills_heals(self):
        """Hypothesis draws sequences of edits of three published documents (cancel, reset to
        draft, change and post, pay, unreconcile), each followed by a job run killed at a drawn
        point (or not), then a restart: after each, the books agree."""
        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        edits = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(("cancel", "reset", "post", "pay", "unpay")),
                                   st.sampled_from((None, *KILLS))), min_size=1, max_size=5)

        fired = []

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(edits)
        def check(steps_drawn):
            with self.example() as durable:
                moves = self.documents(3)
                self.publish(moves)
                voided = set()  # voided in Xero: Xero never un-voids, the document is left alone
                for index, what, kill in steps_drawn:
                    move = moves[index]
                    if move.id in voided:
                        continue
                    try:
                        self.edit(move, what)
                    except UserError:
                        continue  # refused before Odoo changed anything (Xero would refuse it)
                    sender = {"cancel": DocumentVoider, "unpay": PaymentDeleter, "pay": PaymentPublisher}.get(
                        what, DocumentPublisher)
                    self.conn._publish_jobs()
                    with self.fault(sender, kill or "none") as state:
                        self.run_killed(durable)
                    fired.append(state["fired"])
                    self.restart()
                    links = self.env["xero.payment.link"].search([("move_id", "in", moves.ids)])
                    self.assert_books_agree(moves, links, voided_ok=voided)
                    voided |= {m.id for m in moves if m.xero_publish_state == "cancelled"}

        check()
        self.assertGreaterEqual(sum(fired), 3, "the drawn sequences broke too few sends to prove anything")

    def test_documents_whose_ids_prefix_each_other_each_bound_to_its_own_copy(self):
        """Documents with ids n, 10n, 100n, 1000n (each one's token the start of the next ones'),
        some already in Xero, the rest published with a lost reply or a kill at a drawn point,
        Xero listing what it finds newest first or oldest first: each bound to its own copy."""
        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        self.env.cr.execute("SELECT coalesce(max(id), 0) + 1 FROM account_move")
        base = self.env.cr.fetchone()[0]
        real_find = XeroClient.find

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(st.booleans(), min_size=3, max_size=3), st.sampled_from(KILLS), st.booleans(),
               st.sampled_from(("out_invoice", "out_refund")))
        def check(early, kill, newest_first, move_type):
            with self.example() as durable:
                # each example's tokens are its own: Xero keeps the copies of the examples before
                self.env["ir.config_parameter"].sudo().set_param("database.uuid", str(uuid.uuid4()))
                moves = self.prefixing(base, move_type)
                first = moves[0] | moves[1:].filtered(lambda m: early[moves.ids.index(m.id) - 1])
                if len(first) > 1:
                    self.publish(first - moves[0])
                self.conn._publish_jobs(moves.filtered(lambda m: not m.xero_id))
                with self.fault(DocumentPublisher, kill) as state:
                    self.run_killed(durable)
                self.assertTrue(state["fired"])

                def ordered(client, collection, *args, **kwargs):
                    found = real_find(client, collection, *args, **kwargs)
                    return list(reversed(found)) if newest_first else found

                with patch.object(XeroClient, "find", ordered):
                    self.restart()
                self.assert_books_agree(moves)
                self.assertEqual(len(set(moves.mapped("xero_id"))), len(moves), moves.mapped("xero_id"))

        check()

    def prefixing(self, base, move_type="out_invoice", count=4):
        """Documents whose ids are base, base*10, base*100...: each one's token starts the next
        ones'. The ids of an example rolled back are free again for the next."""
        journal = self.env["account.journal"].create({
            "name": "Prefix sales", "type": "sale", "code": f"P{uuid.uuid4().hex[:4].upper()}",
            "company_id": self.company.id})
        moves = self.env["account.move"]
        for power in range(count):
            self.env.cr.execute("SELECT setval('account_move_id_seq', %s, false)", [base * 10 ** power])
            moves |= self.document(move_type, lines=[("Consulting", 1 + power, 100.0, 0.0, True)],
                                   journal_id=journal.id)
        self.assertEqual(moves.ids, [base * 10 ** p for p in range(count)])
        return moves

    def test_a_pull_between_a_lost_change_and_its_resend_is_no_conflict(self):
        """A change reached Xero, its reply was lost (the job went on: it waits "changed" for the
        next publishing run), and the scheduled pull runs before that: Xero's copy is Odoo's
        version, so neither the pull nor the resend raises a conflict; the books agree. (A
        worker killed there is resumed first, as the oldest job: the matrix above.)"""
        with self.example() as durable:
            records = self.given("change", 2)
            self.act("change", records)
            with self.fault(DocumentPublisher, "lost"):
                self.assertFalse(self.run_killed(durable))
            self.assertEqual(set(records["moves"].mapped("xero_publish_state")), {"changed"})
            job = self.run_job(self.conn, "documents")
            self.assertIn(job.state, ("done", "warning"), job.log)
            self.assertFalse(self.env["xero.pending.item"].search(
                [("connection_id", "=", self.conn.id), ("reason_code", "=", "conflict")]).mapped("reason"))
            self.assertEqual(set(records["moves"].mapped("xero_publish_state")), {"published"})
            self.restart()
            self.assert_books_agree(records["moves"])

    # ------------------------------------------------------------------ publish-only organisations
    def test_publish_only_organisation_hears_of_a_document_voided_in_xero(self):
        """Sales published, not pulled: a document voided in Xero becomes a conflict showing both
        sides at the next run (Odoo unchanged); a second run raises nothing more; an organisation
        that pulls leaves it to its pull."""
        self.conn.direction_sales = "publish"
        voided, kept = self.documents(2)
        self.publish(voided | kept)
        self.xero_api("POST", f"Invoices/{voided.xero_id}", json={"Invoices": [
            {"InvoiceID": voided.xero_id, "Status": "VOIDED"}]})
        calls = len(self.calls())
        job = self.publish()
        self.assertEqual(len([c for c in self.calls()[calls:] if c["method"] == "GET" and "Invoices" in c["path"]]),
                         1, "one cheap read")
        self.assertEqual((voided.state, voided.xero_publish_state, voided.xero_status),
                         ("posted", "conflict", "VOIDED"))
        self.assertIn("voided in Xero", voided.xero_publish_error)
        self.assertEqual(kept.xero_publish_state, "published")
        item = self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id),
                                                     ("xero_id", "=", voided.xero_id)])
        self.assertEqual((item.reason_code, item.state), ("conflict", "open"))
        odoo_side, xero_side = item._conflict_sides()
        self.assertNotEqual(odoo_side["status"], xero_side["status"])
        self.assertEqual(job.step_counts["publish_watch"].get("pending"), 1, job.log)
        job = self.publish()  # the mark moved on: nothing raised again
        self.assertFalse((job.step_counts or {}).get("publish_watch"), job.log)
        self.assertEqual(self.env["xero.pending.item"].search_count([("connection_id", "=", self.conn.id)]), 1)
        item.action_keep_xero()  # the way out: cancelled in Odoo too, the books agree
        self.assertEqual((voided.state, item.state), ("cancel", "resolved"))
        self.publish()
        self.assertEqual(self.at_xero(voided)["Status"], "VOIDED")
        self.assertEqual(kept.xero_publish_state, "published")

    def test_an_organisation_that_pulls_is_not_watched(self):
        self.conn.direction_sales = "both"
        move = self.documents(1)
        self.publish(move)
        self.xero_api("POST", f"Invoices/{move.xero_id}", json={"Invoices": [
            {"InvoiceID": move.xero_id, "Status": "VOIDED"}]})
        calls = len(self.calls())
        self.publish()
        self.assertFalse([c for c in self.calls()[calls:] if "Invoices" in c["path"]])
        self.assertEqual(move.xero_publish_state, "published")  # its pull says so

    def edit(self, move, what):
        if what == "cancel" and move.state == "posted":
            move.button_cancel()
        elif what == "reset" and move.state != "draft":
            move.button_draft()
        elif what == "post" and move.state == "draft":
            move.invoice_line_ids[0].price_unit += 1.0
            move.action_post()
        elif what == "pay" and move.state == "posted" and move.amount_residual > 50:
            self.pay(move, self.bank_journal, amount=25.0, day=date(2026, 10, 20))
        elif what == "unpay" and move.state == "posted":
            payments = move.line_ids.matched_credit_ids.credit_move_id.move_id.origin_payment_id
            if payments:
                payments[:1].action_draft()
