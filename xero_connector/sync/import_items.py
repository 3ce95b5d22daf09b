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

from . import item_mappers, publish_mappers
from .importers import Importer, _lt, register


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
        return super().import_records(checked)

    def import_one(self, record, binding):
        vals = item_mappers.item_binding(record)
        if not binding:  # a product published from Odoo whose reply was lost: its link waits for it
            binding = self.env["xero.product.binding"].search([
                ("connection_id", "=", self.conn.id), ("xero_id", "=", False),
                ("product_id.default_code", "=ilike", record.code)], limit=1)
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
        product = self._save_product(record, product)
        self.write_binding(binding, {**vals, "product_id": product.id, "publish_state": "published",
                                     "publish_error": False})
        return outcome, self.env._("matched by %s", rule) if rule else ""

    def _match(self, record):
        """Products of the company (or shared) not yet an item of this organisation."""
        Product = self.env["product.product"].with_context(active_test=False)
        scope = [("company_id", "in", (self.company.id, False))]
        bound = self.env["xero.product.binding"].search([("connection_id", "=", self.conn.id)]).product_id
        if bound:
            scope.append(("id", "not in", bound.ids))
        found = Product.search(scope + [("default_code", "=ilike", record.code)])
        if found:
            return found, self.env._("internal reference")
        if record.name:
            found = Product.search(scope + [("name", "=ilike", record.name)]).filtered(
                lambda p: (p.name or "").strip().lower() == record.name.strip().lower())
            if found:
                return found, self.env._("name")
        return Product, ""

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
