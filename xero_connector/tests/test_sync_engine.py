from odoo.tests import tagged

from .common import XeroFakeCase


def contact(cid, name, updated=1774915200000, **kw):
    return {"ContactID": cid, "Name": name, "UpdatedDateUTC": f"/Date({updated}+0000)/", **kw}


def account(aid, code, name, type_="REVENUE", updated=1774915200000):
    return {"AccountID": aid, "Code": code, "Name": name, "Type": type_, "Status": "ACTIVE",
            "UpdatedDateUTC": f"/Date({updated}+0000)/"}


@tagged("post_install", "-at_install")
class TestSyncEngine(XeroFakeCase):
    def setUp(self):
        super().setUp()
        odoo_sales = self.env["account.account"].search(
            [("company_ids", "in", self.company.id), ("account_type", "=", "income")], limit=1,
        )
        self.fake.data = {
            "Accounts": [account("a1", "200", odoo_sales.name), account("a2", "999", "Nowhere")],
            "TaxRates": [{"TaxType": "OUTPUT", "Name": "GST on Income", "EffectiveRate": 15.0,
                          "Status": "ACTIVE", "CanApplyToRevenue": True}],
            "TrackingCategories": [{
                "TrackingCategoryID": "t1", "Name": "Region", "Status": "ACTIVE",
                "Options": [
                    {"TrackingOptionID": "o1", "Name": "North", "Status": "ACTIVE"},
                    {"TrackingOptionID": "o2", "Name": "Old", "Status": "ARCHIVED"},
                ],
            }],
            "Contacts": [
                contact("c1", "Alpha Pty"), contact("c2", "Beta Ltd", EmailAddress="b@beta.test"),
                contact("c3", "Gamma"),
            ],
        }
        self.odoo_sales = odoo_sales

    def test_full_sync_creates_mappings_then_unchanged(self):
        job = self.run_job()
        self.assertEqual(job.state, "done", job.log)
        accounts = self.env["xero.account"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(len(accounts), 2)
        self.assertEqual(accounts.filtered(lambda a: a.code == "200").account_id, self.odoo_sales)
        self.assertFalse(accounts.filtered(lambda a: a.code == "999").account_id)
        tax = self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(tax.sale_tax_id.amount, 15.0)
        options = self.env["xero.tracking.option"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(len(options), 2)
        # no Odoo plan called "Region": the options go to the Xero Tracking plan, named by category
        self.assertEqual(options.mapped("plan_id"), self.env.ref("xero_connector.analytic_plan_xero_tracking"))
        self.assertEqual(sorted(options.analytic_account_id.mapped("name")), ["Region: North", "Region: Old"])
        self.assertTrue(options.filtered("archived").analytic_account_id)
        partners = self.env["xero.contact"].search([("connection_id", "=", self.conn.id)]).partner_id
        self.assertEqual(sorted(partners.mapped("name")), ["Alpha Pty", "Beta Ltd", "Gamma"])
        self.assertEqual(partners.company_id, self.company)
        self.assertEqual(job.count_created, 2 + 1 + 1 + 3)
        self.assertTrue(job.data_file)
        # the data file has one row per record Xero returned
        import base64

        rows = base64.b64decode(job.data_file_csv).decode().strip().splitlines()
        self.assertEqual(len(rows), 1 + 2 + 1 + 1 + 3)
        # the unmatched account's row says "to map" (the summary's words), not "created"
        self.assertEqual(sorted(r.split(",")[5] for r in rows if r.startswith('"Accounts"')),
                         ['"matched"', '"to map"'])

        calls_before = len(self.fake.calls)
        self.fake.calls.clear()
        again = self.run_job()
        self.assertEqual(again.state, "done", again.log)
        self.assertEqual(again.count_created + again.count_updated, 0)
        # one call per entity: accounts, taxes, tracking, contacts (+ empty document pages)
        per_entity = {c for c, _p in self.fake.calls}
        self.assertEqual(len(self.fake.calls), len(per_entity))
        self.assertGreater(calls_before, 0)

    def test_categories_get_plans_of_their_own_on_request(self):
        self.run_job("reference")
        category = self.env["xero.tracking.category"].search([("connection_id", "=", self.conn.id)])
        category.action_create_plans()
        self.assertEqual(category.plan_id.name, "Region")
        self.assertFalse(category.plan_id.parent_id)
        self.assertEqual(sorted(category.option_ids.analytic_account_id.with_context(active_test=False)
                                .mapped("name")), ["North", "Old"])
        self.assertEqual(category.option_ids.analytic_account_id.plan_id, category.plan_id)
        # the next sync keeps the administrator's choice
        self.fake.data["TrackingCategories"][0]["Options"][0]["Name"] = "North"
        self.run_job("reference")
        self.assertEqual(category.plan_id.name, "Region")

    def test_changed_contact_updates_only_that_partner(self):
        self.run_job("contacts")
        self.fake.data["Contacts"][1] = contact("c2", "Beta Limited", updated=1774915300000)
        job = self.run_job("contacts")
        self.assertEqual((job.count_updated, job.count_fetched), (1, 1))
        binding = self.env["xero.contact"].search([("xero_id", "=", "c2")])
        self.assertEqual(binding.partner_id.name, "Beta Limited")

    def test_contact_matching_rules(self):
        Partner = self.env["res.partner"]
        by_vat = Partner.create({"name": "Other Name", "vat": "51 824 753 556"})
        by_mail = Partner.create({"name": "Mail Co", "email": "B@Beta.test"})
        Partner.create({"name": "Gamma"})
        Partner.create({"name": "GAMMA "})
        self.fake.data["Contacts"][0]["TaxNumber"] = "51824753556"
        job = self.run_job("contacts")
        links = {b.xero_id: b.partner_id for b in self.env["xero.contact"].search([])}
        self.assertEqual(links["c1"], by_vat)
        self.assertEqual(links["c2"], by_mail)
        self.assertNotIn("c3", links)  # two partners named Gamma: a person chooses
        item = self.env["xero.pending.item"].search([("xero_id", "=", "c3")])
        self.assertEqual((item.state, item.reason_code), ("open", "ambiguous_partner"))
        self.assertEqual(job.count_pending, 1)
        self.assertEqual(job.state, "warning")
        # resolving links it, and the next run keeps it resolved
        item.partner_id = Partner.search([("name", "=", "Gamma")])
        item.action_link_partner()
        self.assertEqual(item.state, "resolved")
        self.run_job("contacts")
        self.assertEqual(item.state, "resolved")

    def test_job_killed_midway_resumes_without_duplicates(self):
        self.fake.data["Contacts"] = [contact(f"c{i}", f"Contact {i}") for i in range(7)]
        self.fake.fail_after_pages = 2
        job = self.env["xero.sync.job"]._enqueue(self.conn, "contacts", "manual")
        # not assertRaises: Odoo's rolls back to a savepoint, a killed worker keeps its commits
        try:
            self.env["xero.sync.job"]._run_next(self.conn)
        except KeyboardInterrupt:
            self.assertEqual(job.state, "running")
        else:
            self.fail("the worker should have died")
        self.assertEqual(job.state, "running")
        self.assertEqual(job.page, 3)
        self.fake.fail_after_pages = None
        self.env["xero.sync.job"]._run_next(self.conn)
        # the dead worker's job is marked interrupted; a new job continues at page 3
        self.assertEqual(job.state, "interrupted")
        follow = self.env["xero.sync.job"].search([("resumed_from_id", "=", job.id)])
        self.assertEqual(follow.state, "done", follow.log)
        self.assertIn("page 3", follow.log)
        self.assertEqual(self.fake.calls.count(("Contacts", 1)), 1)
        bindings = self.env["xero.contact"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(len(bindings), 7)
        self.assertEqual(len(bindings.partner_id), 7)

    def test_one_job_per_kind_is_queued(self):
        first = self.env["xero.sync.job"]._enqueue(self.conn, "full", "manual")
        second = self.env["xero.sync.job"]._enqueue(self.conn, "full", "schedule")
        self.assertEqual(first, second)


@tagged("post_install", "-at_install")
class TestFailuresReachPeople(XeroFakeCase):
    def test_failed_job_makes_one_activity_until_success(self):
        from ..xero_client.errors import XeroError

        def boom(*_a, **_k):
            raise XeroError("Xero is having a bad day")

        self.fake.get_all = boom
        for _i in range(2):
            job = self.run_job("reference")
            self.assertEqual(job.state, "failed")
            self.assertIn("bad day", job.log)
        todo = self.env.ref("mail.mail_activity_data_todo")
        activities = self.conn.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(len(activities), 1)
        self.assertIn(activities.user_id, self.env.ref("xero_connector.group_xero_manager").users)
        del self.fake.get_all
        job = self.run_job("reference")
        self.assertEqual(job.state, "done", job.log)
        self.assertFalse(self.conn.activity_ids)
        self.assertFalse(self.conn.last_error)
