"""Xero's Items and ContactGroups, read at the page edge like every other kind (accounting.py):
checked, frozen records, registered in base.KINDS as "items" and "contact_groups".

Kept apart from accounting.py (already long); importing this module registers the kinds, and
mappers/items.py, the importers and the tests read it.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from . import base
from .accounting import ContactRef
from .base import Amount, Flag, Name, Text, Timestamp, XeroId, XeroRecord, _flag, _missing, _no_list


def _flag_true(value):
    """Xero's IsSold / IsPurchased default to true when left out."""
    return True if value is None else _flag(value)


class ItemDetails(XeroRecord):
    """An item's sales or purchase side (Xero's `Purchase` schema)."""

    unit_price: Amount | None = None
    account_code: Name | None = None
    cogs_account_code: Name | None = Field(default=None, alias="COGSAccountCode")
    tax_type: Name | None = None


class Item(XeroRecord):
    id_field = "item_id"
    item_id: XeroId
    code: Annotated[Name, AfterValidator(lambda v: v or _missing("a code"))]
    name: Name | None = None
    description: Text | None = None
    purchase_description: Text | None = None
    is_sold: Annotated[bool, BeforeValidator(_flag_true)] = True
    is_purchased: Annotated[bool, BeforeValidator(_flag_true)] = True
    sales_details: ItemDetails | None = None
    purchase_details: ItemDetails | None = None
    is_tracked_as_inventory: Flag = False
    inventory_asset_account_code: Name | None = None
    quantity_on_hand: Amount | None = None
    updated_date_utc: Timestamp = None


class ContactGroup(XeroRecord):
    id_field = "contact_group_id"
    contact_group_id: XeroId
    name: Annotated[Name, AfterValidator(lambda v: v or _missing("a name"))]
    status: Annotated[Literal["ACTIVE", "DELETED"], BeforeValidator(base._upper)] = "ACTIVE"
    contacts: Annotated[list[ContactRef], BeforeValidator(_no_list)] = []


base.KINDS.update({
    "items": (Item, "ItemID", "Code"),
    "contact_groups": (ContactGroup, "ContactGroupID", "Name"),
})
