"""The connector's roles, OCA-style: the adapter is ..xero_client, the binder is
..models.xero_mapping (xero.binding.mixin), mappers.py turns Xero dicts into Odoo values
(pure), the import_*.py importers and exporters only orchestrate."""

from . import (
    exporters,
    import_contacts,
    import_documents,
    import_payments,
    import_reference,
    importers,
    resolver,
)
