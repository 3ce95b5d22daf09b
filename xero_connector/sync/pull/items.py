"""Xero Items -> Odoo products, and Xero contact groups -> partner tags.

Items: an unlinked item is matched to a product of the company (or shared) by its code (the
product's internal reference), then by its exact name; two or more candidates wait as a pending
item for a person to choose, none creates the product. Prices, descriptions, and each side's
account and tax (through the organisation's mappings) are written on the product; an unmapped
account or tax leaves the product's own. Pulled before invoices and bills, so their lines find
their products by item code.

Contact groups: each active group is a partner tag (found by name, or created); the partners
linked to its members carry the tag. When contacts are only pulled, a partner of this
organisation whose contact left the group loses the tag; when they travel both ways, tags are
only added here (publishing sends Odoo's own to Xero).
"""

from ..mappers import items as item_mappers
from ..mappers import publish as publish_mappers
from ..steps import _lt, register
from .base import Importer


class _ItemResolver:
    """Xero codes -> Odoo ids for an item's two sides, lenient: None when not mapped."""

    def __init__(self, env, conn):
        domain = [("connection_id", "=", conn.id)]
        self._accounts = {a.code: a.account_id.id for a in env["xero.account"].search(domain + [
            ("account_id", "!=", False)]) if a.code}
        self._rates = {r.xero_id: r for r in env["xero.tax.rate"].search(domain)}

    def account(self, code):
        return self._accounts.get(code)

    def tax(self, tax_type, use):
        rate = self._rates.get(tax_type)
        tax = rate and (rate.sale_tax_id if use == "sale" else rate.purchase_tax_id)
        return tax.id if tax else None


@register
class ItemImporter(Importer):
    key = "items"
    collection = "Items"
    label = _lt("Items")  # pylint: disable=prefer-env-translation
    id_key = "ItemID"
    by_ids = "where"
    params = {"unitdp": 4}

    def binding_model(self):
        return self.env["xero.product.binding"]

    def import_records(self, checked):
        self._resolve = _ItemResolver(self.env, self.conn)
        self._created = {}
        if publish_mappers.pulls(self.conn.direction_products):
            self._create_new(checked)
        return super().import_records(checked)

    def _create_new(self, checked):
        """The products of items that match none, created in one batch (one by one, each in its
        own savepoint, they cost several times more); should the batch fail, each is created
        with its item below, and the one Odoo refuses waits alone."""
        links = self.binding_model()._by_xero_id(self.conn, [r.xero_id for r in checked])
        new = [r for r in checked if not links.get(r.xero_id) and not self._waiting().get(
            item_mappers.normalise_code(r.code)) and not self._match(r)[0]]
        if not new:
            return
        Product = self.env["product.product"].with_company(self.company).with_context(xero_pulling=True)
        try:
            with self.env.cr.savepoint():
                products = Product.create([self._new_values(r) for r in new])
        except Exception:  # noqa: BLE001 (one by one below, each with its own outcome)
            return
        self._created = {r.xero_id: p for r, p in zip(new, products, strict=True)}
        self._candidates()
        self._bound.update(products.ids)

    def _new_values(self, record):
        values = item_mappers.product_values(record, self._resolve)
        vals = dict(values["product"], company_id=self.company.id)
        if record.is_tracked_as_inventory:
            vals["type"] = "consu"
        for field, key in (("property_account_income_id", "income_account_id"),
                           ("property_account_expense_id", "expense_account_id"), ("standard_price", "standard_price")):
            if values[key] is not None:
                vals[field] = values[key]
        for field, key in (("taxes_id", "sale_tax_id"), ("supplier_taxes_id", "purchase_tax_id")):
            if values[key]:  # else the company's default taxes, as for a product made by hand
                vals[field] = [(6, 0, [values[key]])]
        return vals

    def _candidates(self):
        """Products of the company (or shared), by normalised code and name, and those already
        items of this organisation (read once per step: one search per item would grow with the
        list)."""
        if not hasattr(self, "_by_code"):
            self._bound = set(self.env["xero.product.binding"].search(
                [("connection_id", "=", self.conn.id)]).product_id.ids)
            self._by_code, self._by_name = {}, {}
            for row in self.env["product.product"].with_context(active_test=False).search_read(
                    [("company_id", "in", (self.company.id, False))], ["default_code", "name"]):
                if row["default_code"]:
                    self._by_code.setdefault(item_mappers.normalise_code(row["default_code"]), []).append(row["id"])
                self._by_name.setdefault((row["name"] or "").strip().lower(), []).append(row["id"])
        return self._by_code, self._by_name

    def _waiting(self):
        """Links of products sent to Xero without an answer yet, by code (read once per step)."""
        if not hasattr(self, "_waiting_links"):
            self._waiting_links = {item_mappers.normalise_code(link.code): link for link in self.env[
                "xero.product.binding"].search([("connection_id", "=", self.conn.id), ("xero_id", "=", False),
                                                ("code", "!=", False)])}
        return self._waiting_links

    def import_one(self, record, binding):
        vals = item_mappers.item_binding(record)
        if not binding:  # a product published from Odoo whose reply was lost: its link waits for it
            binding = self._waiting().get(item_mappers.normalise_code(record.code))
        if binding and binding.product_id and binding.xero_updated and binding.xero_updated == vals["xero_updated"]:
            return "unchanged", ""
        product, rule = binding.product_id if binding else None, ""
        if not product:
            found, rule = self._match(record)
            if len(found) > 1:
                return self.pending(record, "ambiguous_product", self.env._(
                    "%(count)s Odoo products match this Xero item by %(rule)s: %(names)s. Give one of them the "
                    "item's code %(code)s as its internal reference.", count=len(found), rule=rule,
                    names=", ".join(found.mapped("display_name")), code=record.code))
            product = found
        outcome = "updated" if product else "created"
        if not product and record.xero_id in self._created:
            product = self._created[record.xero_id]  # created with its page, values and all
        else:
            product = self._save_product(record, product)
        if hasattr(self, "_bound"):
            self._bound.add(product.id)  # no other item matches it now
        self.write_binding(binding, {**vals, "product_id": product.id, "publish_state": "published",
                                     "publish_error": False})
        return outcome, self.env._("matched by %s", rule) if rule else ""

    def _match(self, record):
        """By code (the internal reference), then exact name, among the candidates."""
        by_code, by_name = self._candidates()
        code, name = item_mappers.normalise_code(record.code), (record.name or "").strip().lower()
        free = {"code": [i for i in by_code.get(code, []) if i not in self._bound],
                "name": [i for i in by_name.get(name, []) if i not in self._bound]}
        ids, rule = item_mappers.match_rule(record, {code: free["code"]}, {name: free["name"]})
        words = {"code": self.env._("internal reference"), "name": self.env._("name")}
        return self.env["product.product"].with_context(active_test=False).browse(ids), words.get(rule, "")

    def _save_product(self, record, product):
        if not publish_mappers.pulls(self.conn.direction_products):
            return product
        product = product.with_context(xero_pulling=True)  # Xero's own change is not sent back to it
        values = item_mappers.product_values(record, self._resolve)
        vals = dict(values["product"])
        if record.is_tracked_as_inventory and not product:
            vals["type"] = "consu"
        if product:
            product.write(vals)
        else:
            product = self.env["product.product"].with_context(xero_pulling=True).create(
                dict(vals, company_id=self.company.id))
        company_vals = {}
        if values["income_account_id"]:
            company_vals["property_account_income_id"] = values["income_account_id"]
        if values["expense_account_id"]:
            company_vals["property_account_expense_id"] = values["expense_account_id"]
        if values["standard_price"] is not None:
            company_vals["standard_price"] = values["standard_price"]
        for field, tax_id in (("taxes_id", values["sale_tax_id"]), ("supplier_taxes_id", values["purchase_tax_id"])):
            if tax_id:
                # the product's taxes of other companies stay as they are
                others = product[field].filtered(lambda t: t.company_id != self.company)
                company_vals[field] = [(6, 0, (others.ids + [tax_id]))]
        if company_vals:
            product.with_company(self.company).write(company_vals)
        return product


@register
class ContactGroupImporter(Importer):
    key = "contact_groups"
    collection = "ContactGroups"
    label = _lt("Contact groups")  # pylint: disable=prefer-env-translation
    id_key = "ContactGroupID"
    incremental = False
    by_ids = None

    def binding_model(self):
        return self.env["xero.contact.group"]

    def import_one(self, record, binding):
        vals = {"xero_id": record.contact_group_id, "name": record.name, "status": record.status}
        if not binding:  # a tag published from Odoo keeps its link; else the tag of that name
            binding = self.env["xero.contact.group"].search([
                ("connection_id", "=", self.conn.id), ("xero_id", "=", False),
                ("category_id.name", "=ilike", record.name)], limit=1)
        tag = binding.category_id if binding else self._tag(record.name)
        outcome = self.write_binding(binding, {**vals, "category_id": tag.id})
        added, removed = self._members(record, tag)
        if outcome == "unchanged" and (added or removed):
            outcome = "updated"
        detail = self.env._("%(added)s partners tagged, %(removed)s untagged", added=added, removed=removed) \
            if added or removed else ""
        return outcome, detail

    def _tag(self, name):
        Tag = self.env["res.partner.category"].with_context(active_test=False)
        return Tag.search([("name", "=ilike", name)], limit=1) or Tag.create({"name": name})

    def _members(self, record, tag):
        """The partners of the group's contacts carry the tag -> (tagged, untagged)."""
        reply = self.xero.get(f"{self.collection}/{record.contact_group_id}")
        group = next(iter((reply or {}).get(self.collection) or []), {})
        member_ids = {c.get("ContactID") for c in group.get("Contacts") or [] if isinstance(c, dict)}
        links = self.env["xero.contact"].search([("connection_id", "=", self.conn.id), ("partner_id", "!=", False)])
        wanted = links.filtered(lambda c: c.xero_id in member_ids).partner_id
        add = wanted.filtered(lambda p: tag not in p.category_id)
        if add:
            add.write({"category_id": [(4, tag.id)]})
        remove = self.env["res.partner"]
        if not publish_mappers.publishes(self.conn.direction_contacts):
            remove = (links.partner_id - wanted).filtered(lambda p: tag in p.category_id)
            if remove:
                remove.write({"category_id": [(3, tag.id)]})
        return len(add), len(remove)
