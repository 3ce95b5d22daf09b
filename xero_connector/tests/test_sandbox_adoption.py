"""After a lost reply, each document is adopted as its own Xero copy, exactly (issue 27): Odoo
document 1's token is the start of documents 10-19's, so a substring match adopted another
document's copy, failed the job on the (organisation, Xero ID) constraint at every retry and
blocked the organisation's publishing. Here documents whose ids prefix each other are published
with lost replies, a record Xero's copy of which is already bound elsewhere is held alone, and a
supplier credit note (whose Reference Xero does not keep) is found without it."""

from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..sync.publish.documents import DocumentPublisher
from ..xero_client import XeroClient
from .test_sandbox_publish import SandboxPublishCase, WorkerKilled


@tagged("post_install", "-at_install")
class TestSandboxAdoption(SandboxPublishCase):

    def count_at_xero(self, collection="Invoices"):
        return len([d for d in self.xero(self.tenant, collection)
                    if "odoo:" in (d.get("Url") or d.get("Reference") or "")])

    def prefixing_documents(self, count=4, move_type="out_invoice"):
        """Documents whose ids are n, n*10, n*100...: each one's token starts the next ones'. n is
        past the committed documents (a test's own are rolled back, so every test gets the same)."""
        self.env.cr.execute("SELECT coalesce(max(id), 0) FROM account_move")
        base = self.env.cr.fetchone()[0] + 1
        moves = self.env["account.move"]
        for power in range(count):
            self.env.cr.execute("SELECT setval('account_move_id_seq', %s, false)", [base * 10 ** power])
            moves |= self.document(move_type)
        self.assertEqual([m.id for m in moves], [base * 10 ** p for p in range(count)])
        return moves

    def publish_and_die(self, moves):
        """Xero saves the batch, the worker dies before reading the reply."""
        real_save = XeroClient.save_batch

        def save_then_die(client, collection, *args, **kwargs):
            results = real_save(client, collection, *args, **kwargs)
            if collection in ("Invoices", "CreditNotes"):
                raise WorkerKilled()
            return results

        with patch.object(XeroClient, "save_batch", save_then_die):
            try:  # not assertRaises: Odoo's rolls back to a savepoint, a dead worker's commits stay
                self.publish(moves)
            except WorkerKilled:
                return
        self.fail("the worker was not killed")

    def resume_newest_first(self):
        """The scheduler resumes the dead worker's job; Xero lists what it finds newest first (its
        order is not promised: a document's own copy must not win by coming first)."""
        real_find = XeroClient.find

        def newest_first(client, collection, *args, **kwargs):
            return list(reversed(real_find(client, collection, *args, **kwargs)))

        with patch.object(XeroClient, "find", newest_first):
            self.env["xero.sync.job"]._run_next(self.conn)

    def assert_own_copies(self, moves):
        ids = moves.mapped("xero_id")
        self.assertEqual(len(set(ids)), len(moves), ids)
        for move in moves:
            doc = self.assert_same_as_odoo(move)
            self.assertTrue((doc.get("Url") or doc.get("Reference") or "").endswith(
                (move._xero_publish_token(), f"[{move._xero_publish_token()}]")), move.name)

    def test_lost_reply_on_a_document_whose_id_prefixes_published_ones(self):
        first, *later = self.prefixing_documents()
        later = self.env["account.move"].concat(*later)
        self.publish(later)
        self.assertEqual(set(later.mapped("xero_publish_state")), {"published"})
        self.publish_and_die(first)
        self.assertEqual(first.xero_publish_state, "sending")
        self.resume_newest_first()
        self.assert_own_copies(first | later)
        self.assertEqual(self.count_at_xero(), 4)  # adopted, not sent again

    def test_lost_reply_on_a_batch_of_documents_whose_ids_prefix_each_other(self):
        moves = self.prefixing_documents()
        self.publish_and_die(moves)
        self.assertEqual(set(moves.mapped("xero_publish_state")), {"sending"})
        self.resume_newest_first()
        self.assert_own_copies(moves)
        self.assertEqual(self.count_at_xero(), 4)

    def test_lost_replies_on_credit_notes_whose_ids_prefix_each_other(self):
        moves = self.prefixing_documents(3, "out_refund")
        self.publish_and_die(moves)
        self.resume_newest_first()
        self.assert_own_copies(moves)
        self.assertEqual(self.count_at_xero("CreditNotes"), 3)

    def test_a_copy_already_bound_elsewhere_holds_only_its_document(self):
        """The copy found is already bound to another document (e.g. by the old substring match):
        that document is held with the reason, never sent again; the rest of the job goes on."""
        lost, wrong = self.prefixing_documents(2)
        self.publish_and_die(lost)
        copy = next(d for d in self.xero(self.tenant, "Invoices")
                    if (d.get("Url") or "").endswith(lost._xero_publish_token()))
        wrong.write({"xero_connection_id": self.conn.id, "xero_id": copy["InvoiceID"],
                     "xero_publish_state": "published"})
        other = self.document()
        jobs = self.publish(other)
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertNotIn("failed", jobs.mapped("state"))
        self.assertEqual(lost.xero_publish_state, "sending")
        self.assertFalse(lost.xero_id)
        self.assertIn(wrong.display_name, lost.xero_publish_error)
        self.assert_same_as_odoo(other)
        # the next run holds it again, and still never sends it twice
        self.publish(lost)
        self.assertEqual(lost.xero_publish_state, "sending")
        self.assertEqual(len([d for d in self.xero(self.tenant, "Invoices")
                              if (d.get("Url") or "").endswith(lost._xero_publish_token())]), 1)
        # once the wrong binding is undone, the document is adopted
        wrong.write({"xero_id": False, "xero_publish_state": False})
        self.publish(lost)
        self.assertEqual(lost.xero_id, copy["InvoiceID"])
        self.assertEqual(lost.xero_publish_state, "published")

    def test_a_failed_binding_holds_only_its_document(self):
        """Binding fails (the organisation-and-Xero-ID constraint): that document is held with
        the reason, the others of the batch are bound."""
        moves = self.document() | self.document()
        real_accepted = DocumentPublisher.accepted

        def clash(exporter, record, xero_id, element):
            if record == moves[0]:
                self.env.cr.execute("UPDATE account_move SET xero_connection_id = %s, xero_id = %s WHERE id = %s",
                                    [self.conn.id, xero_id, moves[1].id])
            return real_accepted(exporter, record, xero_id, element)

        with patch.object(DocumentPublisher, "accepted", clash), mute_logger("odoo.sql_db"):
            jobs = self.publish(moves)
        self.assertNotIn("failed", jobs.mapped("state"))
        self.assertEqual(moves[0].xero_publish_state, "sending")
        self.assertIn("could not bind", moves[0].xero_publish_error)

    def test_lost_reply_on_a_supplier_credit_note_found_without_its_reference(self):
        """Xero keeps a credit note's Reference for customer credit notes only: here it is
        dropped from what Odoo reads back, as Xero would, and the note is still adopted."""
        notes = self.document("in_refund", ref="SUP-CN-77", lines=[("Returned", 1, 40.0, 0.0, True)])
        twin = self.document("in_refund", ref="SUP-CN-78", lines=[("Returned", 1, 40.0, 0.0, True)])
        self.publish(twin)  # same supplier, date and total: only its number tells them apart
        real_find = XeroClient.find

        def as_xero_keeps_it(client, collection, *args, **kwargs):
            found = real_find(client, collection, *args, **kwargs)
            for element in found:
                if element.get("Type") == "ACCPAYCREDIT":
                    element.pop("Reference", None)
            return found

        self.publish_and_die(notes)
        with patch.object(XeroClient, "find", as_xero_keeps_it):
            self.env["xero.sync.job"]._run_next(self.conn)
        self.assert_same_as_odoo(notes)
        self.assertNotEqual(notes.xero_id, twin.xero_id)
        self.assertEqual(self.at_xero(notes)["CreditNoteNumber"], "SUP-CN-77")
        self.assertEqual(self.count_at_xero("CreditNotes"), 2)
