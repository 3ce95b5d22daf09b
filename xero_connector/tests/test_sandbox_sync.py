"""The sync engine against the live Xero sandbox: seeded organisations into Odoo, then
incremental runs, a change made in Xero, a job killed midway, and each country's taxes."""

import base64
import contextlib
import csv
import io
import threading
import time
from datetime import UTC
from unittest.mock import patch

import requests
from odoo import api
from odoo.tests import TransactionCase, tagged

from ..sync.pull import base as pull_base
from ..sync.tax_rules import odoo_tax_suffix
from ..xero_client import XeroClient
from .common import run_as_worker
from .test_sandbox_flow import (
    KIWI,
    LIFTED_MINUTE_LIMIT,
    THAMES,
    WALLABY,
    CommittedSandboxCase,
    point_odoo_at,
    start_sandbox,
)


class SandboxSyncCase(TransactionCase):
    """Connections whose tokens come from the sandbox; jobs call it for real."""

    xero_minute_limit = LIFTED_MINUTE_LIMIT  # see test_sandbox_flow.py

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start_sandbox(cls)
        point_odoo_at(cls.env, cls.sandbox.url, minute_limit=cls.xero_minute_limit)

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    def grant(self, tenant):
        """A xero.token holding a fresh sandbox grant for this organisation."""
        grant = self.sandbox.grant([tenant], ["offline_access", "accounting.settings", "accounting.contacts",
                                              "accounting.invoices", "accounting.payments",
                                              "accounting.manualjournals"])
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def connect(self, tenant, company=None):
        name = {KIWI: "Kiwi", WALLABY: "Wallaby", THAMES: "Thames"}[tenant]
        conn = self.env["xero.connection"].create({
            "name": name, "tenant_id": tenant, "company_id": (company or self.env.company).id,
        })
        conn.sudo().write({"token_id": self.grant(tenant).id, "state": "active"})
        conn.action_test_connection()
        return conn

    def run_job(self, conn, kind):
        job = self.env["xero.sync.job"]._enqueue(conn, kind, "manual")
        self.env["xero.sync.job"]._run_next(conn)
        return job

    def sync_with_accounts(self, conn):
        """The lists, an Odoo account made for each unmapped Xero account (as an administrator
        would), then the contacts and documents: the organisation's books in Odoo."""
        self.run_job(conn, "reference")
        self.env["xero.account"].search([("connection_id", "=", conn.id), ("account_id", "=", False)]) \
            .action_create_odoo_accounts()
        for kind in ("contacts", "documents"):
            job = self.run_job(conn, kind)
            self.assertIn(job.state, ("done", "warning"), job.log)
        return conn

    def xero(self, tenant, path, **params):
        token = self.sandbox.grant([tenant], ["accounting.settings.read", "accounting.contacts",
                                              "accounting.invoices.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/{path}", params=params, timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": tenant, "Accept": "application/json"})
        reply.raise_for_status()
        return reply.json()[path]

    def api_calls(self, tenant):
        return len(self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": tenant}))


@tagged("post_install", "-at_install")
class TestSandboxSync(SandboxSyncCase):

    def test_reference_and_contacts_then_unchanged_then_one_change(self):
        conn = self.connect(WALLABY)
        for kind in ("reference", "contacts"):
            job = self.run_job(conn, kind)
            self.assertIn(job.state, ("done", "warning"), job.log)
        accounts = self.xero(WALLABY, "Accounts")
        taxes = self.xero(WALLABY, "TaxRates")
        tracking = self.xero(WALLABY, "TrackingCategories", includeArchived="true")
        contacts = self.xero(WALLABY, "Contacts")
        domain = [("connection_id", "=", conn.id)]
        self.assertEqual(self.env["xero.account"].search_count(domain), len(accounts))
        self.assertEqual(self.env["xero.tax.rate"].search_count(domain), len(taxes))
        self.assertEqual(self.env["xero.tracking.option"].search_count(domain),
                         sum(len(c["Options"]) for c in tracking))
        bound = self.env["xero.contact"].search(domain)
        pending = self.env["xero.pending.item"].search(domain + [("xero_type", "=", "contacts"),
                                                                 ("state", "=", "open")])
        # every Xero contact is a partner or waits for a person: none dropped, none twice
        self.assertEqual(sorted(bound.mapped("xero_id") + pending.mapped("xero_id")),
                         sorted(c["ContactID"] for c in contacts))
        self.assertEqual(len(bound.partner_id), len(bound))

        before = self.api_calls(WALLABY)
        for kind in ("reference", "contacts"):
            again = self.run_job(conn, kind)
            self.assertEqual(again.count_created + again.count_updated, 0, again.log)
            # Xero's records changed over months, not in one second: what the incremental
            # lists read again is nothing at all (tax rates and tracking are read whole)
            for step in {"reference": ["accounts"], "contacts": ["contacts"]}[kind]:
                self.assertFalse(sum(n for o, n in again.step_counts[step].items()
                                     if o not in ("matched", "to map", "archived")), again.log)
        # a no-change sync costs one call per entity: accounts, tax rates, tracking, items,
        # contacts, contact groups (none: no member lists to read)
        self.assertEqual(self.api_calls(WALLABY) - before, 6)

        changed = bound[0]
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})
        token = self.sandbox.grant([WALLABY], ["accounting.contacts"])["access_token"]
        requests.post(f"{self.sandbox.url}/api.xro/2.0/Contacts", timeout=30, json={
            "Contacts": [{"ContactID": changed.xero_id, "Name": "Renamed In Xero Pty"}]}, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY}).raise_for_status()
        job = self.run_job(conn, "contacts")
        # only the changed contact comes: none of the records seen at the high-water mark
        self.assertEqual((job.count_fetched, job.count_updated, job.count_created), (1, 1, 0), job.log)
        self.assertEqual(changed.partner_id.name, "Renamed In Xero Pty")

    def test_a_quiet_poll_reads_nothing_and_loses_nothing_of_the_marks_second(self):
        """The mark is Xero's clock when the read began, less a second: a poll where nothing
        changed gets an empty reply, and a record changed in the mark's own second, or in the
        second of the read itself after it, comes with the next poll."""
        conn = self.connect(WALLABY)
        self.assertIn(self.run_job(conn, "contacts").state, ("done", "warning"))
        cursor = self.env["xero.sync.cursor"].search([("connection_id", "=", conn.id), ("entity", "=", "contacts")])
        first_mark = cursor.modified_since
        self.assertTrue(first_mark and cursor.latest_change and cursor.latest_change <= first_mark)
        quiet = self.run_job(conn, "contacts")
        self.assertEqual(quiet.count_fetched, 0, quiet.log)
        # nothing but empty envelopes came from Xero (one a call), not one contact
        self.assertLess(quiet.bytes_received, 300 * quiet.api_calls, quiet.log)
        mark = cursor.modified_since
        self.assertGreaterEqual(mark, first_mark)
        bound = self.env["xero.contact"].search([("connection_id", "=", conn.id)])
        # one contact changed in the mark's own second, another in the second the last read began,
        # after it (Xero's clock put back to those moments, then on again)
        epoch = mark.replace(tzinfo=UTC).timestamp()
        for contact, moment in ((bound[0], epoch + 0.2), (bound[1], epoch + 1.9)):
            self.sandbox.admin("POST", "/__sandbox__/clock", json={"set": moment})
            self.rename(contact, f"{contact.partner_id.name} (changed)")
        # the next poll a few seconds on (minutes, in life): a change made just before a read
        # (within its second) would be read again once, never lost
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"set": time.time() + 5})
        job = self.run_job(conn, "contacts")
        self.assertEqual((job.count_fetched, job.count_updated), (2, 2), job.log)
        self.assertTrue(all(name.endswith("(changed)") for name in bound[:2].partner_id.mapped("name")))
        self.assertEqual(self.run_job(conn, "contacts").count_fetched, 0)

    def rename(self, contact, name):
        token = self.sandbox.grant([WALLABY], ["accounting.contacts"])["access_token"]
        requests.post(f"{self.sandbox.url}/api.xro/2.0/Contacts", timeout=30, json={
            "Contacts": [{"ContactID": contact.xero_id, "Name": name}]}, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY}).raise_for_status()

    def assert_each_contact_once(self, conn, tenant):
        """Every contact of Xero's is bound to one partner of its own, or waits in Pending Items."""
        contacts = self.xero(tenant, "Contacts")
        bound = self.env["xero.contact"].search([("connection_id", "=", conn.id)])
        pending = self.env["xero.pending.item"].search([("connection_id", "=", conn.id), ("state", "=", "open")])
        self.assertEqual(sorted(bound.mapped("xero_id") + pending.mapped("xero_id")),
                         sorted(c["ContactID"] for c in contacts))
        self.assertEqual(len(bound.partner_id), len(bound))
        return contacts

    def test_job_killed_midway_ends_like_an_uninterrupted_run(self):
        self.sandbox.admin("POST", "/__sandbox__/generate", json={"tenant": "kiwi", "invoices": 0, "contacts": 23})
        conn = self.connect(KIWI)
        real_pages = XeroClient.iter_pages
        pages_done = []

        def small_pages_then_die(client, collection, **kwargs):
            kwargs["page_size"] = 5
            for page in real_pages(client, collection, **kwargs):
                if collection == "Contacts" and len(pages_done) == 3 and not self.resumed:
                    raise KeyboardInterrupt  # the worker dies after three committed pages
                pages_done.append(page[0])
                yield page

        self.resumed = False
        job = self.env["xero.sync.job"]._enqueue(conn, "contacts", "manual")
        with patch.object(XeroClient, "iter_pages", small_pages_then_die):
            # not assertRaises: Odoo's rolls back to a savepoint, a killed worker keeps its commits
            with contextlib.suppress(KeyboardInterrupt):
                self.env["xero.sync.job"]._run_next(conn)
            self.assertEqual((job.state, job.page), ("running", 4))
            self.resumed = True
            self.env["xero.sync.job"]._run_next(conn)
        self.assertEqual(job.state, "interrupted", job.log)
        follow = self.env["xero.sync.job"].search([("resumed_from_id", "=", job.id)])
        self.assertIn(follow.state, ("done", "warning"), follow.log)
        self.assert_each_contact_once(conn, KIWI)
        # resumed on page 4: pages 1-3 were not fetched twice
        self.assertEqual(pages_done[:3], [1, 2, 3])
        self.assertEqual(pages_done[3], 4)

    def test_a_long_page_is_booked_a_slice_at_a_time(self):
        """A turn may end inside a page (a cron worker's limits near): the slices booked stay, the
        next turn reads the page again and books the rest, each record counted once. Far from
        them, a page goes on past its turn's deadline (to its end, as a whole page always did)."""
        self.sandbox.admin("POST", "/__sandbox__/generate", json={"tenant": "kiwi", "invoices": 0, "contacts": 23})
        conn = self.connect(KIWI)
        Job = self.env["xero.sync.job"]
        real_pages, pages = XeroClient.iter_pages, []

        def counted(client, collection, **kwargs):
            for page in real_pages(client, collection, **kwargs):
                pages.append((collection, page[0]))
                yield page

        job = Job._enqueue(conn, "contacts", "manual")
        # out of time at once, and a cron worker's limits near: one slice a turn
        with patch.object(pull_base, "SLICE", 10), patch.object(XeroClient, "iter_pages", counted), \
                patch.object(pull_base, "room_for", return_value=False):
            Job._run_next(conn, time.monotonic() - 1)
            self.assertEqual((job.state, job.page, job.page_offset), ("running", 1, 10))
            for _turn in range(10):
                if job.state != "running":
                    break
                Job._run_next(conn, time.monotonic() - 1)
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertEqual((job.page, job.page_offset), (1, 0))
        contacts = self.assert_each_contact_once(conn, KIWI)
        self.assertEqual(job.count_fetched, len(contacts))  # the page read again, each record counted once
        reads = [p for p in pages if p[0] == "Contacts"]
        self.assertEqual(reads, [("Contacts", 1)] * -(-len(contacts) // 10))
        # far from any limit (no cron worker here) the page goes on to its end past the deadline
        self.sandbox.admin("POST", "/__sandbox__/generate", json={"tenant": "kiwi", "invoices": 0, "contacts": 15})
        again, pages[:] = Job._enqueue(conn, "contacts", "manual"), []
        with patch.object(pull_base, "SLICE", 10), patch.object(XeroClient, "iter_pages", counted):
            Job._run_next(conn, time.monotonic() - 1)
        self.assertIn(again.state, ("done", "warning"), again.log)  # in one turn, the page read once
        self.assertGreater(again.count_fetched, 10)
        self.assertEqual([p for p in pages if p[0] == "Contacts"], [("Contacts", 1)])


@tagged("post_install", "-at_install")
class TestSandboxDocuments(SandboxSyncCase):

    def test_documents_booked_once_mapping_fixes_clear_pending(self):
        # an Australian company with Odoo's Australian chart, as the firm mode creates it
        company = self.env["xero.connection"]._company_for(
            {"tenantId": WALLABY, "tenantName": "Wallaby Wholesale Pty"}, self.grant(WALLABY))
        conn = self.connect(WALLABY, company)
        for kind in ("reference", "contacts", "documents"):
            first = self.run_job(conn, kind)
        invoices = self.xero(WALLABY, "Invoices")
        notes = self.xero(WALLABY, "CreditNotes")
        self.check_data_file(first, invoices, notes)
        moves = self.env["account.move"].search([("xero_connection_id", "=", conn.id)])
        pending = self.env["xero.pending.item"].search([("connection_id", "=", conn.id), ("state", "=", "open"),
                                                        ("xero_type", "in", ("invoices", "credit_notes"))])
        self.assertTrue(pending, "Xero's codes are not the Odoo chart's: documents wait for their accounts")
        self.assertEqual(set(pending.mapped("reason_code")), {"unmapped_account"}, pending.mapped("reason"))
        self.assertFalse(set(moves.mapped("xero_id")) & set(pending.mapped("xero_id")))

        # the administrator creates the missing accounts; the next run books what waited
        unmapped = self.env["xero.account"].search([("connection_id", "=", conn.id), ("account_id", "=", False)])
        unmapped.action_create_odoo_accounts()
        self.assertFalse(unmapped.filtered(lambda b: not b.account_id and b.code))
        job = self.run_job(conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        # the documents (Xero's manual journals come with them, as journal entries: not counted here)
        moves = self.env["account.move"].search([("xero_connection_id", "=", conn.id), ("move_type", "!=", "entry")])
        documents = {d.get("InvoiceID") or d.get("CreditNoteID"): d for d in invoices + notes}
        still = self.env["xero.pending.item"].search([("connection_id", "=", conn.id), ("state", "=", "open"),
                                                      ("xero_type", "in", ("invoices", "credit_notes"))])
        # every document is booked or waits with its reason; one voided in Xero before it ever
        # reached Odoo is skipped (nothing to cancel)
        accounted = set(moves.mapped("xero_id")) | set(still.mapped("xero_id"))
        self.assertEqual({d for d, doc in documents.items() if d not in accounted and doc["Status"] not in
                          ("VOIDED", "DELETED")}, set(), still.mapped("reason"))
        self.assertEqual(len(moves) + len(still), len(accounted))
        self.assertEqual(len(set(moves.mapped("xero_id"))), len(moves))  # never twice
        for move in moves:
            doc = documents[move.xero_id]
            self.assertAlmostEqual(move.amount_total, doc["Total"], places=2, msg=move.name)
            expected = {"DRAFT": "draft", "AUTHORISED": "posted", "PAID": "posted", "VOIDED": "cancel"}
            self.assertEqual(move.state, expected[doc["Status"]], f"{doc['Status']} {move.name}")
            if doc["Status"] == "PAID":  # its Xero payments are reconciled against it
                self.assertIn(move.payment_state, ("paid", "in_payment"), move.name)
        again = self.run_job(conn, "documents")
        self.assertEqual(again.count_created, 0)

    def check_data_file(self, job, invoices, notes):
        """The job's data file is a spreadsheet: one tab per kind of record, amounts as numbers,
        the header row frozen; the same rows stay available as CSV."""
        try:
            import openpyxl  # noqa: PLC0415 (only the tests read spreadsheets)
        except ImportError:
            self.skipTest("openpyxl is not installed")
        self.assertTrue(job.data_filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.data_file)))
        self.assertEqual(book.sheetnames, ["Invoices", "Credit notes", "Payments", "Manual journals"])
        sheet = book["Invoices"]
        self.assertEqual(sheet.freeze_panes, "A2")
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:4], ["Xero ID", "Number or Name", "Status in Xero", "Amount"])
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(set(rows), {i["InvoiceID"] for i in invoices})
        for invoice in invoices:
            amount = rows[invoice["InvoiceID"]][3]
            self.assertIsInstance(amount, float | int)  # a number, not text
            self.assertAlmostEqual(amount, invoice["Total"], places=2)
        self.assertEqual(book["Credit notes"].max_row - 1, len(notes))
        self.assertTrue(all(isinstance(row[3], float | int)
                            for row in book["Payments"].iter_rows(min_row=2, values_only=True)))
        # CSV stays available: the same rows, one per record
        lines = list(csv.DictReader(io.StringIO(base64.b64decode(job.data_file_csv).decode())))
        self.assertTrue(job.data_csv_filename.endswith(".csv"))
        self.assertEqual(len(lines), sum(s.max_row - 1 for s in book.worksheets))


@tagged("post_install", "-at_install")
class TestSandboxCountryTaxes(SandboxSyncCase):
    """AU GST, NZ GST and UK VAT: each client organisation in its own company with its own chart."""

    def test_tax_mapping_per_country(self):
        state = self.sandbox.admin("GET", "/__sandbox__/state")
        for tenant in (KIWI, WALLABY, THAMES):
            name = next(t["name"] for t in state["tenants"] if t["id"] == tenant)
            # firm mode: a company of the organisation's country, with that country's chart
            company = self.env["xero.connection"]._company_for({"tenantId": tenant, "tenantName": name},
                                                               self.grant(tenant))
            conn = self.connect(tenant, company)
            job = self.run_job(conn, "reference")
            self.assertIn(job.state, ("done", "warning"), job.log)
            country = conn.country_code
            self.assertEqual(country, company.country_id.code)
            checked = 0
            for rate in self.env["xero.tax.rate"].search([("connection_id", "=", conn.id)]):
                for use, field in (("sale", "sale_tax_id"), ("purchase", "purchase_tax_id")):
                    suffix = odoo_tax_suffix(country, rate.xero_id, use)  # a tax rate's Xero id is its TaxType
                    expected = suffix and self.env.ref(f"account.{company.id}_{suffix}", raise_if_not_found=False)
                    if expected and expected.active:  # Odoo's chart ships some taxes archived (UK's EU ones)
                        self.assertEqual(rate[field], expected, f"{country} {rate.xero_id} {use}")
                        checked += 1
                    elif expected:
                        self.assertTrue(rate[field].active, f"{country} {rate.xero_id} {use}: an archived tax")
            self.assertGreaterEqual(checked, 4, country)


@tagged("post_install", "-at_install")
class TestSandboxTwoWorkers(CommittedSandboxCase):
    """Two scheduler workers with their own committed transactions pick the same connection's
    job at once: one runs it, the other skips (PostgreSQL advisory lock), nothing twice."""

    def setUp(self):
        super().setUp()
        self.sandbox.reset()
        self.commit_connection(KIWI, ["offline_access", "accounting.settings", "accounting.contacts"],
                               "Kiwi (two workers)")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            self.job_id = env["xero.sync.job"]._enqueue(env["xero.connection"].browse(self.conn_id),
                                                        "contacts", "manual").id

    def _worker(self, results):
        run_as_worker(self, lambda env: env["xero.sync.job"]._run_next(env["xero.connection"].browse(self.conn_id)),
                      results, su=True)

    def test_one_worker_runs_the_job_the_other_skips(self):
        # Xero is slow to answer, so the two workers surely overlap
        self.sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "hang", "path": "Contacts", "seconds": 2})
        results = []
        threads = [threading.Thread(target=self._worker, args=(results,)) for _i in range(2)]
        for thread in threads:
            thread.start()
            time.sleep(0.3)
        for thread in threads:
            thread.join(60)
        self.assertEqual(len(results), 2)
        self.assertFalse([r for r in results if isinstance(r, Exception)], results)
        contact_calls = self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": KIWI})
        self.assertEqual(len([c for c in contact_calls if c["path"].endswith("/Contacts")]), 1)
        with self.registry.cursor() as cr:
            job = api.Environment(cr, self.env.uid, {})["xero.sync.job"].browse(self.job_id)
            self.assertIn(job.state, ("done", "warning"), job.log)
            self.assertEqual(job.log.count("Started"), 1, job.log)
