"""Xero items <-> Odoo products and contact groups <-> partner tags, against the live sandbox:
matched by code then name, created and updated both ways with prices, accounts and taxes;
tracked items keep Xero's accounts; invoice lines carry item codes both ways; tags follow
contact groups."""

from datetime import date

import requests
from odoo.tests import tagged

from .test_sandbox_publish import SandboxPublishCase

SCOPES = ["accounting.settings", "accounting.contacts", "accounting.invoices"]


@tagged("post_install", "-at_install")
class TestSandboxItems(SandboxPublishCase):

    def setUp(self):
        super().setUp()
        self.conn.direction_products = "both"
        self.Product = self.env["product.product"]

    # ------------------------------------------------------------------ helpers
    def call(self, method, path, body=None):
        token = self.sandbox.grant([self.tenant], SCOPES)["access_token"]
        reply = requests.request(method, f"{self.sandbox.url}/api.xro/2.0/{path}", json=body, timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"})
        self.assertLess(reply.status_code, 300, reply.text)
        return reply.json() if reply.content else None

    def items_at_xero(self):
        return {i["Code"]: i for i in self.call("GET", "Items?unitdp=4")["Items"]}

    def link(self, product):
        return self.env["xero.product.binding"].search([("connection_id", "=", self.conn.id),
                                                        ("product_id", "=", product.id)])

    def seed_items(self):
        self.call("PUT", "Items", {"Items": [
            {"Code": "SPADE-1", "Name": "Garden spade", "Description": "Steel spade",
             "SalesDetails": {"UnitPrice": 45.5, "AccountCode": "200", "TaxType": "OUTPUT"},
             "PurchaseDetails": {"UnitPrice": 20.13, "AccountCode": "400", "TaxType": "INPUT"}},
            {"Code": "WB-2", "Name": "Wheelbarrow", "SalesDetails": {"UnitPrice": 199.0}},
            {"Code": "BOLT", "Name": "Hex bolt", "InventoryAssetAccountCode": "630",
             "SalesDetails": {"UnitPrice": 0.5, "AccountCode": "200", "TaxType": "OUTPUT"},
             "PurchaseDetails": {"UnitPrice": 0.2, "COGSAccountCode": "310", "TaxType": "INPUT"}},
        ]})

    # ------------------------------------------------------------------ pull
    def test_items_pulled_matched_created_and_updated(self):
        spade = self.Product.create({"name": "Spade (old name)", "default_code": "spade-1"})
        barrow = self.Product.create({"name": "Wheelbarrow"})
        self.seed_items()
        job = self.run_job(self.conn, "reference")
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertEqual(job.step_counts["items"].get("created"), 1, job.log)  # BOLT is new
        self.assertEqual(job.step_counts["items"].get("updated"), 2, job.log)  # matched by code, by name
        spade_tmpl = spade.with_company(self.company)
        self.assertEqual((spade.name, spade.default_code, spade.list_price), ("Garden spade", "SPADE-1", 45.5))
        self.assertEqual(spade_tmpl.standard_price, 20.13)
        self.assertEqual(spade_tmpl.property_account_income_id, self.income)
        self.assertEqual(spade_tmpl.property_account_expense_id, self.expense)
        self.assertIn(self.sale_tax, spade_tmpl.taxes_id)
        self.assertIn(self.purchase_tax, spade_tmpl.supplier_taxes_id)
        self.assertEqual(self.link(spade).code, "SPADE-1")
        self.assertEqual((barrow.default_code, barrow.list_price), ("WB-2", 199.0))
        bolt = self.Product.search([("default_code", "=", "BOLT")])
        self.assertEqual(len(bolt), 1)
        link = self.link(bolt)
        self.assertEqual((link.tracked, link.inventory_account_code, link.cogs_account_code), (True, "630", "310"))

        # unchanged, then a price changed in Xero comes over
        again = self.run_job(self.conn, "reference")
        self.assertFalse(again.step_counts.get("items", {}).get("updated"), again.log)
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})
        self.call("POST", "Items", {"Items": [{"Code": "SPADE-1", "SalesDetails": {
            "UnitPrice": 47.95, "AccountCode": "200", "TaxType": "OUTPUT"}}]})
        job = self.run_job(self.conn, "reference")
        self.assertEqual(job.step_counts["items"].get("updated"), 1, job.log)
        self.assertEqual(spade.list_price, 47.95)

    def test_same_code_twice_in_odoo_waits_for_a_person(self):
        self.Product.create({"name": "Spade A", "default_code": "SPADE-1"})
        self.Product.create({"name": "Spade B", "default_code": "SPADE-1"})
        self.seed_items()
        job = self.run_job(self.conn, "reference")
        self.assertEqual(job.step_counts["items"].get("pending"), 1, job.log)
        pending = self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id),
                                                        ("xero_type", "=", "items")])
        self.assertEqual(pending.reason_code, "ambiguous_product")
        action = pending.action_fix()  # the two products, to give one of them another code
        self.assertEqual((action["res_model"], len(action["domain"][0][2])), ("product.product", 2))
        self.Product.search([("name", "=", "Spade B")]).default_code = "SPADE-B"
        job = self.run_job(self.conn, "reference")
        self.assertEqual(pending.state, "resolved", job.log)
        self.assertEqual(self.Product.search([("name", "=", "Garden spade")]).default_code, "SPADE-1")

    # ------------------------------------------------------------------ publish
    def test_products_published_created_then_updated(self):
        rake = self.Product.create({
            "name": "Leaf rake", "default_code": "RAKE-9", "list_price": 12.35, "description_sale": "Wide rake",
            "taxes_id": [(6, 0, self.sale_tax.ids)], "supplier_taxes_id": [(6, 0, self.purchase_tax.ids)],
            "property_account_income_id": self.income.id, "property_account_expense_id": self.expense.id})
        rake.with_company(self.company).standard_price = 6.5
        self.Product.create({"name": "No code, not sent"})
        job = self.publish()
        self.assertEqual(job.state, "done", job.log)
        self.assertEqual(job.step_counts["publish_items"].get("created"), 1, job.log)
        item = self.items_at_xero()["RAKE-9"]
        self.assertEqual(item["Name"], "Leaf rake")
        self.assertEqual(item["SalesDetails"], {"UnitPrice": 12.35, "AccountCode": "200", "TaxType": "OUTPUT"})
        self.assertEqual(item["PurchaseDetails"], {"UnitPrice": 6.5, "AccountCode": "400", "TaxType": "INPUT"})
        self.assertEqual(self.link(rake).xero_id, item["ItemID"])

        # nothing changed: nothing sent; a price changed: the same item updated
        writes = len(self.put_calls())
        self.publish()
        self.assertEqual(len(self.put_calls()), writes)
        rake.list_price = 13.0
        job = self.publish()
        self.assertEqual(job.step_counts["publish_items"].get("updated"), 1, job.log)
        items = self.items_at_xero()
        self.assertEqual(items["RAKE-9"]["SalesDetails"]["UnitPrice"], 13.0)
        self.assertEqual(items["RAKE-9"]["ItemID"], item["ItemID"])

    def test_tracked_item_keeps_its_accounts_when_published(self):
        self.seed_items()
        self.run_job(self.conn, "reference")
        bolt = self.Product.search([("default_code", "=", "BOLT")])
        bolt.write({"list_price": 0.55, "property_account_expense_id": self.expense.id})
        job = self.publish()
        self.assertEqual(job.step_counts["publish_items"].get("updated"), 1, job.log)
        item = self.items_at_xero()["BOLT"]
        self.assertEqual(item["SalesDetails"]["UnitPrice"], 0.55)
        self.assertEqual((item["InventoryAssetAccountCode"], item["PurchaseDetails"].get("COGSAccountCode")),
                         ("630", "310"))
        self.assertTrue(item["IsTrackedAsInventory"])

    def test_too_long_code_fails_alone(self):
        self.Product.create({"name": "Long", "default_code": "X" * 31})
        self.Product.create({"name": "Short", "default_code": "OK-1"})
        job = self.publish()
        self.assertEqual(job.step_counts["publish_items"].get("created"), 1, job.log)
        self.assertEqual(job.step_counts["publish_items"].get("errors"), 1, job.log)
        link = self.env["xero.product.binding"].search([("code", "=", "X" * 31)])
        self.assertEqual(link.publish_state, "error")
        self.assertIn("30 characters", link.publish_error)

    # ------------------------------------------------------------------ lines
    def test_invoice_lines_carry_item_codes_both_ways(self):
        self.seed_items()
        self.run_job(self.conn, "reference")
        spade = self.Product.search([("default_code", "=", "SPADE-1")])
        invoice = self.document(lines=[("Spade", 2, 45.5, 0.0, True)])
        invoice.invoice_line_ids.with_context(check_move_validity=False).write({"product_id": spade.id})
        invoice.invoice_line_ids.write({"price_unit": 45.5, "account_id": self.income.id,
                                        "tax_ids": [(6, 0, self.sale_tax.ids)]})
        self.publish(invoice)
        doc = self.assert_same_as_odoo(invoice)
        self.assertEqual(doc["LineItems"][0]["ItemCode"], "SPADE-1")

        contact = self.env["xero.contact"].search([("connection_id", "=", self.conn.id), ("partner_id", "!=", False)],
                                                  limit=1)
        self.conn.direction_sales = "pull"
        self.call("PUT", "Invoices", {"Invoices": [{
            "Type": "ACCREC", "Contact": {"ContactID": contact.xero_id}, "Status": "AUTHORISED",
            "Date": date(2026, 10, 5).isoformat(), "DueDate": date(2026, 11, 5).isoformat(),
            "LineAmountTypes": "Exclusive", "InvoiceNumber": "ITEMS-1",
            "LineItems": [{"ItemCode": "WB-2", "Description": "Barrow", "Quantity": 1, "UnitAmount": 199.0,
                           "AccountCode": "200", "TaxType": "OUTPUT"}]}]})
        job = self.run_job(self.conn, "documents")
        pulled = self.env["account.move"].search([("xero_number", "=", "ITEMS-1")])
        self.assertEqual(len(pulled), 1, job.log)
        self.assertEqual(pulled.invoice_line_ids.product_id.default_code, "WB-2")

    # ------------------------------------------------------------------ contact groups
    def test_tags_follow_contact_groups_both_ways(self):
        self.conn.direction_contacts = "both"
        self.run_job(self.conn, "contacts")
        links = self.env["xero.contact"].search([("connection_id", "=", self.conn.id), ("partner_id", "!=", False)],
                                                limit=3)
        first, second, third = links
        group = self.call("PUT", "ContactGroups", {"ContactGroups": [{"Name": "VIP"}]})["ContactGroups"][0]
        self.call("PUT", f"ContactGroups/{group['ContactGroupID']}/Contacts",
                  {"Contacts": [{"ContactID": first.xero_id}]})
        job = self.run_job(self.conn, "contacts")
        self.assertIn(job.state, ("done", "warning"), job.log)
        vip = self.env["xero.contact.group"].search([("connection_id", "=", self.conn.id)]).category_id
        self.assertEqual(vip.name, "VIP")
        self.assertIn(vip, first.partner_id.category_id)
        self.assertNotIn(vip, second.partner_id.category_id)

        # tagged in Odoo: members in Xero; a new tag is a new group
        wholesale = self.env["res.partner.category"].create({"name": "Wholesale Test"})
        second.partner_id.category_id = [(4, vip.id)]
        third.partner_id.category_id = [(4, wholesale.id)]
        job = self.publish()
        self.assertEqual(job.state, "done", job.log)
        members = self.call("GET", f"ContactGroups/{group['ContactGroupID']}")["ContactGroups"][0]["Contacts"]
        self.assertEqual({c["ContactID"] for c in members}, {first.xero_id, second.xero_id})
        groups = {g["Name"]: g for g in self.call("GET", "ContactGroups")["ContactGroups"]}
        self.assertIn("Wholesale Test", groups)
        members = self.call("GET", f"ContactGroups/{groups['Wholesale Test']['ContactGroupID']}")[
            "ContactGroups"][0]["Contacts"]
        self.assertEqual([c["ContactID"] for c in members], [third.xero_id])

        # pulled only: a member removed in Xero loses the tag in Odoo
        self.conn.direction_contacts = "pull"
        self.call("DELETE", f"ContactGroups/{group['ContactGroupID']}/Contacts/{first.xero_id}")
        self.run_job(self.conn, "contacts")
        self.assertNotIn(vip, first.partner_id.category_id)
        self.assertIn(vip, second.partner_id.category_id)

    def test_published_only_tag_removed_leaves_the_group(self):
        self.run_job(self.conn, "contacts")
        first, second = self.env["xero.contact"].search([("connection_id", "=", self.conn.id),
                                                         ("partner_id", "!=", False)], limit=2)
        group = self.call("PUT", "ContactGroups", {"ContactGroups": [{"Name": "Trade Test"}]})["ContactGroups"][0]
        self.call("PUT", f"ContactGroups/{group['ContactGroupID']}/Contacts",
                  {"Contacts": [{"ContactID": first.xero_id}, {"ContactID": second.xero_id}]})
        first.partner_id.category_id = [(0, 0, {"name": "Trade Test"})]
        self.conn.direction_contacts = "publish"
        job = self.publish()
        self.assertEqual(job.state, "done", job.log)
        link = self.env["xero.contact.group"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(link.xero_id, group["ContactGroupID"])  # Xero's group of that name, adopted
        members = self.call("GET", f"ContactGroups/{group['ContactGroupID']}")["ContactGroups"][0]["Contacts"]
        self.assertEqual([c["ContactID"] for c in members], [first.xero_id])
