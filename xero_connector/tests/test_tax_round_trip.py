"""Every tax type of each sandbox organisation's chart (AU, NZ, GB), both ways, against the live
sandbox: Xero type -> Odoo tax (what a pull books) -> Xero type (what publishing sends) gives
the same type once the shared Odoo taxes are chosen for, and a zero-rated export is published
as Zero Rated, not as No GST; before the choice it waits with the reason."""

from datetime import date

from odoo.tests import tagged

from ..sync.mappers.publish import NO_TAX_TYPES
from ..sync.resolver import Resolver
from ..sync.tax_rules import odoo_tax_suffix
from .test_sandbox_flow import KIWI, THAMES, WALLABY
from .test_sandbox_publish import SandboxPublishCase

ORGS = {KIWI: "Kiwi Garden Supplies", WALLABY: "Wallaby Wholesale Pty", THAMES: "Thames Consulting"}


@tagged("post_install", "-at_install")
class TestTaxRoundTrip(SandboxPublishCase):
    connect_in_setup = False

    def org(self, tenant):
        company = self.env["xero.connection"]._company_for({"tenantId": tenant, "tenantName": ORGS[tenant]},
                                                           self.grant(tenant))
        self.setup_org(tenant, company)
        self.rates = self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)])
        return self.conn.country_code

    def publish_map(self):
        return self.env["xero.tax.rate"]._publish_map(self.conn)

    def choose(self, country):
        """What an accountant does on the screen: for each shared Odoo tax, send the suggested rate
        (the same meaning in the chart; else the first), then give the others Odoo taxes of their own."""
        self.shared = self.publish_map().shared
        self.rates.filtered("to_choose").action_send_suggested()
        for tax_id, types in self.publish_map().undecided.items():  # no suggestion: the first
            side = self.env["account.tax"].browse(tax_id).type_tax_use
            self.rates.filtered(lambda r, t=types[0]: r.xero_id == t)[f"publish_{side}"] = True
        for tax_id, tax_type in self.publish_map().types.items():  # a suggestion is the chart's meaning
            tax = self.env["account.tax"].browse(tax_id)
            suffix = odoo_tax_suffix(country, tax_type, tax.type_tax_use)
            ruled = suffix and self.env.ref(f"account.{self.company.id}_{suffix}", False)
            if ruled and tax_id in self.shared:
                self.assertEqual(ruled, tax, f"{country} {tax.name} sent as {tax_type}")
        left = self.rates.filtered("to_choose")
        self.assertFalse(left, [(r.xero_id, r.sale_tax_id.name, r.purchase_tax_id.name, r.publish_sale,
                                 r.publish_purchase, r.publish_note) for r in left] + [self.publish_map()])
        self.rates.action_own_odoo_tax()
        self.rates.invalidate_recordset()
        found = self.publish_map()
        self.assertFalse(found.undecided or found.shared, "every Xero rate has an Odoo tax of its own")
        return found

    def assert_round_trip(self, country):
        found = self.choose(country)
        resolver = Resolver(self.env, self.conn)
        no_tax = NO_TAX_TYPES[country]
        trips = {"sale": {}, "purchase": {}}  # side -> {Xero type: Odoo tax id or None}
        for rate in self.rates.filtered(lambda r: r.status == "ACTIVE"):
            for side, applies in (("sale", rate.for_sales), ("purchase", rate.for_purchases)):
                if not applies:
                    continue
                tax_id = resolver.tax(rate.xero_id, side)  # Xero -> Odoo, as a pull books it
                back = found.types.get(tax_id) if tax_id else no_tax  # Odoo -> Xero, as publishing sends it
                self.assertEqual(back, rate.xero_id, f"{country} {rate.xero_id} ({rate.name}) {side}")
                trips[side][rate.xero_id] = tax_id
        for rate in self.rates:  # Odoo -> Xero -> Odoo, for every Odoo tax a rate maps
            for side, tax in (("sale", rate.sale_tax_id), ("purchase", rate.purchase_tax_id)):
                if tax:
                    self.assertEqual(resolver.tax(found.types[tax.id], side), tax.id, f"{country} {tax.name}")
        self.assertGreaterEqual(len(trips["sale"]) + len(trips["purchase"]), len(self.rates))
        # and through Xero itself: one invoice line per sales type, one bill line per purchase type
        for move_type, side in (("out_invoice", "sale"), ("in_invoice", "purchase")):
            move = self.taxed_document(move_type, trips[side])
            self.publish(move)
            self.assertIn(move.xero_publish_state, ("published", "mismatch"), move.xero_publish_error)
            sent = [ln["TaxType"] for ln in self.at_xero(move)["LineItems"]]
            self.assertEqual(sent, list(trips[side]), f"{country} {move_type}")
        return trips

    def taxed_document(self, move_type, taxes, price=100.0):
        purchase = move_type.startswith("in_")
        move = self.env["account.move"].with_company(self.company).create({
            "move_type": move_type, "partner_id": (self.vendor if purchase else self.customer).id,
            "invoice_date": date(2026, 10, 3), "company_id": self.company.id,
            "ref": f"Taxes {move_type}" if purchase else False,
            "invoice_line_ids": [(0, 0, {
                "name": f"Line taxed {tax_type}", "quantity": 1, "price_unit": price,
                "account_id": (self.expense if purchase else self.income).id,
                "tax_ids": [(6, 0, [tax_id] if tax_id else [])],
            }) for tax_type, tax_id in taxes.items()],
        })
        move.action_post()
        return move

    def test_nz_every_type_both_ways(self):
        self.assertEqual(self.org(KIWI), "NZ")
        trips = self.assert_round_trip("NZ")
        self.assertEqual(set(trips["sale"]), {"OUTPUT2", "ZERORATED", "NONE"})

    def test_au_every_type_both_ways(self):
        self.assertEqual(self.org(WALLABY), "AU")
        self.assert_round_trip("AU")

    def test_gb_every_type_both_ways(self):
        self.assertEqual(self.org(THAMES), "GB")
        self.assert_round_trip("GB")

    def test_nz_zero_rated_export_waits_for_the_choice_then_goes_as_zero_rated(self):
        self.org(KIWI)
        zero = self.rates.filtered(lambda r: r.xero_id == "ZERORATED")
        none = self.rates.filtered(lambda r: r.xero_id == "NONE")
        export = self.env.ref(f"account.{self.company.id}_nz_tax_sale_0")
        self.assertEqual(zero.sale_tax_id, export)
        self.assertEqual(none.sale_tax_id, export)  # as the reference pull maps them: shared
        move = self.taxed_document("out_invoice", {"ZERORATED": export.id}, price=250.0)
        self.publish(move)
        self.assertEqual(move.xero_publish_state, "unsent")
        self.assertFalse(move.xero_id, "never sent with a guess")
        self.assertIn("several Xero tax rates (No GST, Zero Rated)", move.xero_publish_error)
        zero.publish_sale = True  # on the Tax Rates screen: Send for Sales
        self.publish(move)
        self.assertEqual(move.xero_publish_state, "published", move.xero_publish_error)
        self.assertEqual([ln["TaxType"] for ln in self.at_xero(move)["LineItems"]], ["ZERORATED"])
