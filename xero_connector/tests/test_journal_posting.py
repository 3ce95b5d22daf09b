from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import XeroFakeCase


class JournalPostingCase(XeroFakeCase):
    """Mapped accounts and tracking, one journal chosen for posting."""

    def setUp(self):
        super().setUp()
        Account = self.env["account.account"]
        mine = [("company_ids", "in", self.company.id)]
        self.revenue = Account.search(mine + [("account_type", "=", "income")], limit=1)
        self.receivable = Account.search(mine + [("account_type", "=", "asset_current")], limit=1)
        self.unmapped = Account.search(mine + [("account_type", "=", "expense")], limit=1)
        for xid, code, odoo_account in (("x1", "200", self.revenue), ("x2", "610", self.receivable)):
            self.env["xero.account"].create({
                "connection_id": self.conn.id, "xero_id": xid, "code": code, "name": code,
                "account_id": odoo_account.id,
            })
        # Odoo calls it "Location", Xero "Region": the mapping is what links them
        plan = self.env["account.analytic.plan"].create({"name": "Location"})
        self.north = self.env["account.analytic.account"].create({"name": "Up North", "plan_id": plan.id})
        category = self.env["xero.tracking.category"].create({
            "connection_id": self.conn.id, "xero_id": "t1", "name": "Region", "plan_id": plan.id,
        })
        self.env["xero.tracking.option"].create({
            "connection_id": self.conn.id, "xero_id": "o1", "category_id": category.id, "name": "North",
            "analytic_account_id": self.north.id, "status": "ACTIVE",
        })
        self.journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")], limit=1,
        )
        self.conn.write({"post_journal_ids": [(6, 0, self.journal.ids)], "post_mode": "period_close"})

    def entry(self, day, amount=100.0, account=None, analytic=True):
        move = self.env["account.move"].create({
            "journal_id": self.journal.id, "date": date(2026, 3, day), "ref": f"Accrual {day}",
            "line_ids": [
                (0, 0, {"account_id": self.receivable.id, "debit": amount, "name": "Debit side"}),
                (0, 0, {"account_id": (account or self.revenue).id, "credit": amount, "name": "Credit side",
                        "analytic_distribution": {str(self.north.id): 100} if analytic else False}),
            ],
        })
        move.action_post()
        return move


@tagged("post_install", "-at_install")
class TestJournalPosting(JournalPostingCase):
    def test_period_close_posts_once_with_tracking(self):
        first, second = self.entry(10), self.entry(20, 55.5)
        later = self.entry(31)
        self.company.write({"fiscalyear_lock_date": date(2026, 3, 25)})
        job = self.env["xero.sync.job"].search([("kind", "=", "journals"), ("connection_id", "=", self.conn.id)])
        self.assertEqual(job.cutoff_date, date(2026, 3, 25))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(job.state, "done", job.log)
        self.assertEqual((first | second).mapped("xero_post_state"), ["posted", "posted"])
        self.assertFalse(later.xero_post_state)
        self.assertEqual(len(self.fake.saved), 2)
        sent = self.fake.saved[1]
        self.assertIn(second._xero_post_token(), sent["Narration"])
        self.assertEqual(sent["Date"], "2026-03-20")
        lines = {ln["AccountCode"]: ln for ln in sent["JournalLines"]}
        self.assertEqual(lines["610"]["LineAmount"], 55.5)
        self.assertEqual(lines["200"]["LineAmount"], -55.5)
        self.assertEqual(lines["200"]["Tracking"], [{"Name": "Region", "Option": "North"}])
        self.assertEqual(sum(ln["LineAmount"] for ln in sent["JournalLines"]), 0)
        # closing again posts nothing new
        self.conn.action_post_journals(cutoff_date=date(2026, 3, 25))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(len(self.fake.saved), 2)

    def test_unmapped_account_stops_only_that_entry(self):
        good = self.entry(5)
        bad = self.entry(6, account=self.unmapped)
        self.conn.action_post_journals(cutoff_date=date(2026, 3, 31))
        job = self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(good.xero_post_state, "posted")
        self.assertEqual(bad.xero_post_state, "error")
        # in the posting report's words, as documents not sent say it
        self.assertEqual(bad.xero_post_error, f"Not sent: the Odoo account {self.unmapped.name} "
                                              f"({self.unmapped.code}) has no Xero account — map it")
        notes = " ".join(bad.message_ids.mapped("body"))
        self.assertIn("nothing went to Xero", notes)
        self.assertNotIn("Not posted to Xero", notes)
        self.assertEqual(len(self.fake.saved), 1)
        del job
        # the Posting Report groups by the reason in words, never "None", with the fix a click away
        self.assertEqual(bad.xero_post_outcome, "unmapped_account")
        self.assertEqual(good.xero_post_outcome, "posted")
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_journal_report")
        self.assertEqual(action["context"]["group_by"], ["xero_post_outcome"])
        groups = self.env["account.move"]._read_group(
            [("id", "in", (good | bad).ids), ("xero_post_state", "!=", False)], ["xero_post_outcome"], ["__count"])
        self.assertEqual(sorted(g for g, _n in groups), ["posted", "unmapped_account"])
        fix = bad.action_xero_publish_fix()
        self.assertEqual(fix["res_model"], "xero.account")
        self.assertIn(self.unmapped.display_name, fix["name"])
        self.assertEqual(fix["context"]["allowed_company_ids"][0], bad.company_id.id)

    def test_posted_entry_cannot_be_reset_silently(self):
        move = self.entry(7)
        self.conn.action_post_journals(cutoff_date=date(2026, 3, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(move.xero_post_state, "posted")
        with self.assertRaises(UserError):
            move.button_draft()

    def test_preview_is_exactly_what_is_sent(self):
        move = self.entry(8)
        wizard = self.env["xero.post.wizard"].create({"connection_id": self.conn.id, "move_ids": [(6, 0, move.ids)]})
        wizard.action_preview()
        self.assertIn(move._xero_post_token(), wizard.preview_json)
        self.assertIn('"AccountCode": "200"', wizard.preview_json)
        self.assertFalse(move.xero_post_state)  # a dry run sends nothing
        self.assertEqual(self.fake.saved, [])
