from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import XeroCommon
from .fake_xero import FakeXero


def rate(tax_type, name, pct, revenue=False, expenses=False):
    return {"TaxType": tax_type, "Name": name, "EffectiveRate": pct, "DisplayTaxRate": pct,
            "Status": "ACTIVE", "CanApplyToRevenue": revenue, "CanApplyToExpenses": expenses}


# Xero's own tax rates of an AU, an NZ and a UK organisation (names as Xero shows them)
XERO_RATES = {
    "AU": [
        rate("OUTPUT", "GST on Income", 10.0, revenue=True),
        rate("INPUT", "GST on Expenses", 10.0, expenses=True),
        rate("EXEMPTOUTPUT", "GST Free Income", 0.0, revenue=True),
        rate("EXEMPTEXPENSES", "GST Free Expenses", 0.0, expenses=True),
        rate("BASEXCLUDED", "BAS Excluded", 0.0, revenue=True, expenses=True),
    ],
    "NZ": [
        rate("OUTPUT2", "GST on Income", 15.0, revenue=True),
        rate("INPUT2", "GST on Expenses", 15.0, expenses=True),
        rate("ZERORATED", "Zero Rated", 0.0, revenue=True, expenses=True),
        rate("NONE", "No GST", 0.0, revenue=True, expenses=True),
    ],
    "GB": [
        rate("OUTPUT2", "20% (VAT on Income)", 20.0, revenue=True),
        rate("INPUT2", "20% (VAT on Expenses)", 20.0, expenses=True),
        rate("RROUTPUT", "5% (VAT on Income)", 5.0, revenue=True),
        rate("ZERORATEDOUTPUT", "Zero Rated Income", 0.0, revenue=True),
        rate("EXEMPTOUTPUT", "Exempt Income", 0.0, revenue=True),
    ],
}
CHARTS = {"AU": "au", "NZ": "nz", "GB": "uk"}


@tagged("post_install", "-at_install")
class TestTaxMapping(XeroCommon):
    """AU GST, NZ GST and UK VAT map to the right tax of each country's Odoo chart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conns = {}
        for code, chart in CHARTS.items():
            country = cls.env["res.country"].search([("code", "=", code)])
            company = cls.env["res.company"].create({"name": f"Client {code}", "country_id": country.id})
            cls.env["account.chart.template"].try_loading(chart, company, install_demo=False)
            conn = cls.env["xero.connection"].create({
                "name": f"Xero {code}", "tenant_id": f"t-{code}", "company_id": company.id,
                "country_code": code,
            })
            conn.sudo().state = "active"
            cls.conns[code] = conn

    def sync(self, code):
        fake = FakeXero({"TaxRates": XERO_RATES[code]})
        with patch.object(type(self.env["xero.connection"]), "_xero", lambda conn: fake):
            job = self.env["xero.sync.job"]._enqueue(self.conns[code], "reference", "manual")
            self.env["xero.sync.job"]._run_next(self.conns[code])
        self.assertIn(job.state, ("done", "warning"), job.log)
        rates = self.env["xero.tax.rate"].search([("connection_id", "=", self.conns[code].id)])
        return {r.xero_id: r for r in rates}

    def xmlid(self, tax):
        return tax.get_external_id()[tax.id].split(".")[1].split("_", 1)[1] if tax else None

    def test_au(self):
        rates = self.sync("AU")
        self.assertEqual(self.xmlid(rates["OUTPUT"].sale_tax_id), "au_tax_sale_10")
        self.assertEqual(self.xmlid(rates["INPUT"].purchase_tax_id), "au_tax_purchase_10_service")
        self.assertEqual(self.xmlid(rates["EXEMPTOUTPUT"].sale_tax_id), "au_tax_sale_exempt")
        self.assertEqual(self.xmlid(rates["EXEMPTEXPENSES"].purchase_tax_id), "au_tax_purchase_0_service")
        self.assertFalse(rates["OUTPUT"].purchase_tax_id)  # revenue-only in Xero
        for record in rates.values():
            self.assertEqual((record.sale_tax_id | record.purchase_tax_id).company_id,
                             self.conns["AU"].company_id)

    def test_nz(self):
        rates = self.sync("NZ")
        self.assertEqual(self.xmlid(rates["OUTPUT2"].sale_tax_id), "nz_tax_sale_15")
        self.assertEqual(self.xmlid(rates["INPUT2"].purchase_tax_id), "nz_tax_purchase_15")
        self.assertEqual(self.xmlid(rates["ZERORATED"].sale_tax_id), "nz_tax_sale_0")
        self.assertEqual(self.xmlid(rates["ZERORATED"].purchase_tax_id), "nz_tax_purchase_0")

    def test_uk(self):
        rates = self.sync("GB")
        self.assertEqual(self.xmlid(rates["OUTPUT2"].sale_tax_id), "ST11")
        self.assertEqual(self.xmlid(rates["INPUT2"].purchase_tax_id), "PT_20_G")
        self.assertEqual(self.xmlid(rates["RROUTPUT"].sale_tax_id), "ST5")
        self.assertEqual(self.xmlid(rates["ZERORATEDOUTPUT"].sale_tax_id), "ST0")
        self.assertEqual(self.xmlid(rates["EXEMPTOUTPUT"].sale_tax_id), "ST2")
        # the same Xero code means 20% VAT in the UK and 15% GST in NZ
        self.assertEqual(rates["OUTPUT2"].sale_tax_id.amount, 20.0)

    def test_nz_no_gst_and_zero_rated_share_a_tax_until_chosen(self):
        """Both map to Odoo's 0% export tax: the screen asks which one publishing sends, ticking
        one unticks the other, two at once are refused, and the choice is the one answer."""
        rates = self.sync("NZ")
        zero, none = rates["ZERORATED"], rates["NONE"]
        export = zero.sale_tax_id
        self.assertEqual(none.sale_tax_id, export)  # the forward mapping (pull) is unchanged
        Rate = self.env["xero.tax.rate"]
        found = Rate._publish_map(self.conns["NZ"])
        self.assertEqual(found.undecided[export.id], ["NONE", "ZERORATED"])
        self.assertNotIn(export.id, found.types)
        self.assertTrue(zero.to_choose and none.to_choose and zero.sale_shared and none.sale_shared)
        self.assertFalse(rates["OUTPUT2"].sale_shared or rates["OUTPUT2"].to_choose)
        self.assertIn("Choose the rate sent for", zero.publish_note)
        to_choose = Rate.search([("connection_id", "=", self.conns["NZ"].id), ("to_choose", "=", True)])
        self.assertEqual(set(to_choose.mapped("xero_id")), {"ZERORATED", "NONE"})

        zero.publish_sale = True
        self.assertEqual(Rate._publish_map(self.conns["NZ"]).types[export.id], "ZERORATED")
        self.assertIn("is sent as this rate", zero.publish_note)
        none.invalidate_recordset()
        self.assertIn("is sent as Zero Rated", none.publish_note)
        action = none.action_send_for_sales()  # the row's button: ticking one unticks the other
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload")  # the other rows show it
        self.assertFalse(zero.publish_sale)
        self.assertEqual(Rate._publish_map(self.conns["NZ"]).types[export.id], "NONE")
        with self.assertRaises(ValidationError):
            (zero | none).write({"publish_sale": True})
        # a purchase tax is chosen on its own
        self.assertIn(zero.purchase_tax_id.id, Rate._publish_map(self.conns["NZ"]).undecided)
        # giving the rate another Odoo tax drops its choice (made for the old one)
        none.sale_tax_id = rates["OUTPUT2"].sale_tax_id
        self.assertFalse(none.publish_sale)

    def test_own_odoo_tax_makes_both_ways_agree(self):
        rates = self.sync("NZ")
        zero, none = rates["ZERORATED"], rates["NONE"]
        export = zero.sale_tax_id
        zero.write({"publish_sale": True, "publish_purchase": True})
        none.action_own_odoo_tax()
        self.assertNotEqual(none.sale_tax_id, export)
        self.assertEqual(none.sale_tax_id.name, "No GST")
        self.assertEqual(none.sale_tax_id.amount, 0.0)
        self.assertFalse(none.sale_tax_id.invoice_repartition_line_ids.tag_ids)  # outside the GST return
        self.assertNotEqual(none.purchase_tax_id, zero.purchase_tax_id)
        found = self.env["xero.tax.rate"]._publish_map(self.conns["NZ"])
        self.assertFalse(found.undecided or found.shared)
        for record in rates.values():
            for tax in record.sale_tax_id | record.purchase_tax_id:
                self.assertEqual(found.types[tax.id], record.xero_id)
        # the rate sent for a tax keeps it: nothing to do
        zero.action_own_odoo_tax()
        self.assertEqual(zero.sale_tax_id, export)

    def test_the_screen_lists_what_to_choose(self):
        """The Tax Rates screen as its action opens it: Unmapped or To Choose, with the choice columns."""
        self.sync("NZ")
        Rate = self.env["xero.tax.rate"]
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_tax_rate")
        self.assertIn("search_default_to_choose", action["context"])
        arch = Rate.get_views([(False, "list"), (False, "search")])["views"]
        self.assertIn("publish_sale", arch["list"]["arch"])
        self.assertIn('name="to_choose"', arch["search"]["arch"])
        rows = Rate.web_search_read(
            [("connection_id", "=", self.conns["NZ"].id), ("to_choose", "=", True)],
            {"xero_id": {}, "publish_note": {}, "sale_shared": {}, "publish_sale": {}})["records"]
        self.assertEqual(sorted(r["xero_id"] for r in rows), ["NONE", "ZERORATED"])
        self.assertTrue(all(r["sale_shared"] and r["publish_note"] for r in rows))

    def test_send_the_suggested_rates(self):
        """The chart's meaning is offered, and taken only when a person presses the button."""
        rates = self.sync("NZ")
        zero, none = rates["ZERORATED"], rates["NONE"]
        self.assertIn("suggested: Zero Rated", zero.publish_note)
        self.assertFalse(zero.publish_sale or zero.publish_purchase)  # never chosen by itself
        (zero | none).action_send_suggested()
        self.assertTrue(zero.publish_sale)
        found = self.env["xero.tax.rate"]._publish_map(self.conns["NZ"])
        self.assertEqual(found.types[zero.sale_tax_id.id], "ZERORATED")
        self.assertNotIn(zero.sale_tax_id.id, found.undecided)
