"""The connector's roles, OCA-style: the adapter is ..xero_client, the binder is
..models.xero_mapping (xero.binding.mixin), records.py reads Xero's replies into checked
records once at the page edge, mappers.py turns checked records into Odoo values (pure), the
import_*.py importers and the exporters only orchestrate.

Nothing is imported here: records and mappers load without Odoo (their tests need no
database); the addon's __init__ loads the Odoo-side roles, which register their steps.
"""
