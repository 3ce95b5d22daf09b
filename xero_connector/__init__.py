from . import controllers, models, wizards
from .sync import (  # the Odoo-side roles register their steps on import
    export_attachments,
    export_contact_groups,
    export_documents,
    export_items,
    export_payments,
    exporters,
    import_contacts,
    import_documents,
    import_items,
    import_payments,
    import_reference,
)
