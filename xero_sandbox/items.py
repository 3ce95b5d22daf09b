"""Items and contact groups as Xero keeps them: write rules (element + stored record ->
(record to store, validation messages)) and the contact group membership calls.

Items: a unique Code of at most 30 characters (POST with the Code of an existing item updates
it, as Xero does; PUT refuses it), a Name of at most 50, descriptions of at most 4,000; sales
and purchase details name active, non-bank accounts and tax rates the organisation has; an item
tracked as inventory has an INVENTORY asset account and a cost of goods sold account, and its
quantity on hand is Xero's own (never written by a client). IsSold / IsPurchased false empty the
description and details of that side.

Contact groups: PUT creates (a unique name among active groups), POST /ContactGroups/{id}
renames or deletes (Status DELETED); lists show active groups without members, a group read by
its ID shows its members; PUT /ContactGroups/{id}/Contacts adds members, DELETE removes one
(/Contacts/{ContactID}) or all (/Contacts).
"""

from werkzeug.wrappers import Response

from .books import Books, money
from .http import not_allowed, not_found
from .replies import envelope, read_elements, validation_failure
from .store import new_id

CODE_LIMIT, NAME_LIMIT, TEXT_LIMIT = 30, 50, 4000
ITEM_FIELDS = ("Code", "Name", "Description", "PurchaseDescription", "IsSold", "IsPurchased",
               "InventoryAssetAccountCode")
DETAIL_FIELDS = ("UnitPrice", "AccountCode", "COGSAccountCode", "TaxType")


def find_item(books, key):
    """An item by its ItemID or its Code (Xero reads /Items/{ItemID or Code})."""
    key = str(key or "").lower()
    return next((i for i in books._load("Items") if i["ItemID"].lower() == key or i["Code"].lower() == key), None)


def save_item(books, item, existing, stamp):
    record = dict(existing or {"ItemID": new_id(), "IsSold": True, "IsPurchased": True,
                               "IsTrackedAsInventory": False, "Description": "", "PurchaseDescription": "",
                               "SalesDetails": {}, "PurchaseDetails": {}})
    for name in ITEM_FIELDS:
        if name in item:
            record[name] = item[name]
    for side in ("SalesDetails", "PurchaseDetails"):
        if isinstance(item.get(side), dict):
            record[side] = {k: item[side][k] for k in DETAIL_FIELDS if item[side].get(k) is not None}
    errors = _item_errors(books, record)
    if not record.get("IsSold", True):
        record.update(Description="", SalesDetails={})
    if not record.get("IsPurchased", True):
        record.update(PurchaseDescription="", PurchaseDetails={})
    tracked = bool(record.get("InventoryAssetAccountCode"))
    record["IsTrackedAsInventory"] = tracked
    if tracked:
        record.setdefault("QuantityOnHand", 0.0)
        record.setdefault("TotalCostPool", 0.0)
    for side in ("SalesDetails", "PurchaseDetails"):
        if "UnitPrice" in record[side]:
            record[side] = dict(record[side], UnitPrice=round(float(record[side]["UnitPrice"]), 4))
    record["UpdatedDateUTC"] = stamp
    return record, errors


def _item_errors(books, record):
    errors = []
    code = str(record.get("Code") or "").strip()
    if not code:
        errors.append("Item code must be specified.")
    elif len(code) > CODE_LIMIT:
        errors.append(f"The Item Code '{code}' is longer than {CODE_LIMIT} characters.")
    elif any(i["Code"].lower() == code.lower() and i["ItemID"] != record["ItemID"] for i in books._load("Items")):
        errors.append(f"Item code '{code}' already exists.")
    if len(str(record.get("Name") or "")) > NAME_LIMIT:
        errors.append(f"The Item Name must not be more than {NAME_LIMIT} characters.")
    for key in ("Description", "PurchaseDescription"):
        if len(str(record.get(key) or "")) > TEXT_LIMIT:
            errors.append(f"The {key} must not be more than {TEXT_LIMIT} characters.")
    for side, label in (("SalesDetails", "sales"), ("PurchaseDetails", "purchases")):
        details = record.get(side) or {}
        for key in ("AccountCode", "COGSAccountCode"):
            if details.get(key):
                errors += _account_errors(books, details[key], label)
        if details.get("TaxType") and not books.tax_rate(details["TaxType"]):
            errors.append(f"The TaxType code '{details['TaxType']}' does not exist or cannot be used for {label}.")
        try:
            money(float(details.get("UnitPrice") or 0))
        except (TypeError, ValueError):
            errors.append(f"The {label} unit price is not a number.")
    inventory = record.get("InventoryAssetAccountCode")
    if inventory:
        account = books.account(code=inventory)
        if not account or account.get("Type") != "INVENTORY" or account.get("Status") != "ACTIVE":
            errors.append(f"The inventory asset account '{inventory}' must be an active account of type Inventory.")
        if not (record.get("PurchaseDetails") or {}).get("COGSAccountCode"):
            errors.append("A cost of goods sold account is required for a tracked inventory item.")
    return errors


def _account_errors(books, code, label):
    account = books.account(code=code)
    if not account:
        return [f"Account code '{code}' is not a valid code for {label}."]
    if account.get("Status") != "ACTIVE":
        return [f"The account code '{code}' has been archived, or deleted."]
    if account.get("Type") == "BANK":
        return [f"Account code '{code}' is a bank account and cannot be used for {label}."]
    return []


def item_line_errors(books, line):
    """An invoice line's ItemCode must name an item of the organisation."""
    code = line.get("ItemCode")
    if code and not find_item(books, code):
        return [f"Item code '{code}' is not valid."]
    return []


# ---------------------------------------------------------------------------- contact groups
def save_contact_group(books, item, existing, stamp):
    record = dict(existing or {"ContactGroupID": new_id(), "Status": "ACTIVE", "Contacts": []})
    for name in ("Name", "Status"):
        if name in item:
            record[name] = item[name]
    errors = []
    name = str(record.get("Name") or "").strip()
    if not name:
        errors.append("Name is a required field.")
    elif record["Status"] == "ACTIVE" and any(
            g["Name"].lower() == name.lower() and g["ContactGroupID"] != record["ContactGroupID"]
            and g["Status"] == "ACTIVE" for g in books._load("ContactGroups")):
        errors.append(f"The contact group name '{name}' is already in use.")
    if record["Status"] not in ("ACTIVE", "DELETED"):
        errors.append(f"'{record['Status']}' is not a valid contact group status.")
    if record["Status"] == "DELETED":
        record["Contacts"] = []
    return record, errors


def listed_group(group):
    """A group as lists show it: without its members."""
    return {k: v for k, v in group.items() if k != "Contacts"}


def add_members(books, group, elements):
    """-> (group with the members added, the added contacts as Xero answers, errors)."""
    members = {c["ContactID"].lower(): c for c in group.get("Contacts") or []}
    added, errors = [], []
    for element in elements:
        contact = books.contact({"ContactID": str(element.get("ContactID") or "")}) if element.get(
            "ContactID") else None
        if not contact:
            errors.append(f"Contact '{element.get('ContactID')}' could not be found.")
            continue
        ref = {"ContactID": contact["ContactID"], "Name": contact["Name"]}
        members[contact["ContactID"].lower()] = ref
        added.append(ref)
    return dict(group, Contacts=list(members.values())), added, errors


def remove_member(group, contact_id):
    """-> the group without that contact (all members when contact_id is None), or None when the
    contact is not a member."""
    members = group.get("Contacts") or []
    if contact_id is None:
        return dict(group, Contacts=[])
    kept = [c for c in members if c["ContactID"].lower() != contact_id.lower()]
    return dict(group, Contacts=kept) if len(kept) < len(members) else None


def members(app, request, tenant, group_id, rest):
    """/ContactGroups/{id}/Contacts[/{ContactID}]: PUT adds members, DELETE removes them."""
    store = app.store
    group = store.get(tenant, "ContactGroups", group_id)
    if not group or rest[0] != "Contacts" or len(rest) > 2:
        return not_found()
    if request.method == "PUT" and len(rest) == 1:
        books = Books(store, tenant)
        with store.tx():
            changed, added, errors = add_members(books, group, read_elements(request, "Contacts"))
            if errors:
                return validation_failure("Contacts", [({}, errors)])
            store.put(tenant, "ContactGroups", group["ContactGroupID"], changed)
        return envelope(app, "Contacts", added)
    if request.method == "DELETE":
        changed = remove_member(group, rest[1] if len(rest) == 2 else None)
        if changed is None:
            return validation_failure("Contacts", [({"ContactID": rest[1]}, [
                "The contact is not a member of this contact group."])])
        store.put(tenant, "ContactGroups", group["ContactGroupID"], changed)
        return Response(status=204)
    return not_allowed()
