"""Xero Items <-> Odoo products, and contact groups <-> partner tags: pure functions (no Odoo),
unit-tested without a database.

An item is matched to a product by its code (the product's internal reference), then by its
exact name. Prices travel as exact decimals (Xero keeps four places: unitdp=4); each side's
account and tax travel through the organisation's mappings. An item Xero tracks as inventory
keeps Xero's inventory asset account and cost of goods sold account: they are stored on the
link and sent back unchanged. Quantities on hand are never sent: Xero computes them from the
invoices and bills that name the item.
"""

from decimal import ROUND_HALF_UP, Decimal

from ..records import clean_text

CODE_LIMIT, NAME_LIMIT, TEXT_LIMIT = 30, 50, 4000  # Xero's Item limits
PRICE_PLACES = Decimal("0.0001")


class ItemRefused(Exception):
    """Xero would refuse this product as an item; the reason in plain words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def price(value):
    """An Odoo price (float) or Xero's -> Decimal with Xero's four places."""
    return Decimal(str(value or 0)).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def normalise_code(code):
    return (code or "").strip().lower()


# ---------------------------------------------------------------------------- pull
def item_binding(item):
    """The link's values from a checked records.Item."""
    purchase = item.purchase_details
    return {
        "xero_id": item.item_id,
        "code": item.code,
        "name": item.name or item.code,
        "tracked": bool(item.is_tracked_as_inventory),
        "inventory_account_code": item.inventory_asset_account_code or False,
        "cogs_account_code": (purchase and purchase.cogs_account_code) or False,
        "xero_updated": item.updated_date_utc,
    }


def product_values(item, resolve):
    """Odoo product values from a checked item. `resolve` answers account(code) -> id or None
    and tax(tax_type, use) -> id or None (an unmapped one leaves the product's own as it is).

    -> {"product": plain product fields, "income_account_id", "expense_account_id",
        "sale_tax_id", "purchase_tax_id", "standard_price"} (the last five per company)."""
    sales, purchase = item.sales_details, item.purchase_details
    product = {
        "name": item.name or item.code,
        "default_code": item.code,
        "sale_ok": bool(item.is_sold),
        "purchase_ok": bool(item.is_purchased),
    }
    if item.is_sold:
        product["description_sale"] = item.description or False
        if sales and sales.unit_price is not None:
            product["list_price"] = float(price(sales.unit_price))
    if item.is_purchased:
        product["description_purchase"] = item.purchase_description or False
    out = {"product": product, "income_account_id": None, "expense_account_id": None,
           "sale_tax_id": None, "purchase_tax_id": None, "standard_price": None}
    if sales:
        out["income_account_id"] = resolve.account(sales.account_code) if sales.account_code else None
        out["sale_tax_id"] = resolve.tax(sales.tax_type, "sale") if sales.tax_type else None
    if purchase:
        # a tracked item's purchases cost goods sold; an untracked one's go to its account
        code = purchase.cogs_account_code if item.is_tracked_as_inventory else purchase.account_code
        code = code or purchase.account_code or purchase.cogs_account_code
        out["expense_account_id"] = resolve.account(code) if code else None
        out["purchase_tax_id"] = resolve.tax(purchase.tax_type, "purchase") if purchase.tax_type else None
        if purchase.unit_price is not None:
            out["standard_price"] = float(price(purchase.unit_price))
    return out


def match_rule(item, by_code, by_name):
    """(products, rule) for an unlinked item: by code, then by exact name. `by_code` and
    `by_name` map a normalised code / name to the candidate products (lists of ids)."""
    found = by_code.get(normalise_code(item.code)) or []
    if found:
        return found, "code"
    found = by_name.get((item.name or "").strip().lower()) or []
    return (found, "name") if found else ([], None)


# ---------------------------------------------------------------------------- publish
def item_payload(product, ctx):
    """The Xero item of an Odoo product; raises ItemRefused.

    product: code, name, description_sale, description_purchase, sale_ok, purchase_ok,
    list_price, standard_price, income_account_id, expense_account_id, sale_tax_ids,
    purchase_tax_ids, and from the link: tracked, inventory_account_code, cogs_account_code.
    ctx: accounts {account id: code}, sale_taxes / purchase_taxes {tax id: Xero tax type}.
    """
    code = clean_text(product.get("code") or "", CODE_LIMIT + 1)
    if not code:
        raise ItemRefused("it has no internal reference: Xero needs a code for each item")
    if len(code) > CODE_LIMIT:
        raise ItemRefused(f"its internal reference {code}… is longer than Xero's {CODE_LIMIT} characters")
    name = clean_text(product.get("name") or code, TEXT_LIMIT)
    payload = {
        "Code": code,
        "Name": name[:NAME_LIMIT],
        "IsSold": bool(product.get("sale_ok")),
        "IsPurchased": bool(product.get("purchase_ok")),
    }
    if payload["IsSold"]:
        payload["Description"] = clean_text(product.get("description_sale") or name, TEXT_LIMIT)
        payload["SalesDetails"] = _details(product.get("list_price"), product.get("income_account_id"),
                                           product.get("sale_tax_ids"), ctx["accounts"], ctx["sale_taxes"])
    if payload["IsPurchased"]:
        payload["PurchaseDescription"] = clean_text(product.get("description_purchase") or name, TEXT_LIMIT)
        details = _details(product.get("standard_price"), product.get("expense_account_id"),
                           product.get("purchase_tax_ids"), ctx["accounts"], ctx["purchase_taxes"])
        if product.get("tracked"):  # Xero's own accounts of a tracked item, sent back unchanged
            details.pop("AccountCode", None)
            cogs = product.get("cogs_account_code")
            if cogs:
                details["COGSAccountCode"] = cogs
        payload["PurchaseDetails"] = details
    if product.get("tracked") and product.get("inventory_account_code"):
        payload["InventoryAssetAccountCode"] = product["inventory_account_code"]
    return payload


def _details(unit_price, account_id, tax_ids, accounts, taxes):
    out = {"UnitPrice": float(price(unit_price))}
    if account_id and accounts.get(account_id):
        out["AccountCode"] = accounts[account_id]
    tax_type = next((taxes[t] for t in tax_ids or () if taxes.get(t)), None)
    if tax_type:
        out["TaxType"] = tax_type
    return out


def item_code(product_id, codes):
    """The ItemCode of a document or order line's product in one organisation, or None.

    `codes` is {product id: item code} of the products the organisation has as items (the
    links of that connection): a product Xero does not know is sent without a code (Xero
    refuses an unknown one). For the bridge addons' order lines as for invoice lines."""
    return codes.get(product_id) or None if product_id else None


def with_item_code(line_payload, product_id, codes):
    """A Xero line with its ItemCode when the product is an item of the organisation."""
    code = item_code(product_id, codes)
    return dict(line_payload, ItemCode=code) if code else line_payload


# ---------------------------------------------------------------------------- contact groups
def membership_changes(in_xero, in_odoo):
    """(to add, to remove) to make Xero's members of a group what Odoo's tag says."""
    in_xero, in_odoo = set(in_xero), set(in_odoo)
    return sorted(in_odoo - in_xero), sorted(in_xero - in_odoo)
