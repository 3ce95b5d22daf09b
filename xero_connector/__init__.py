from . import controllers, models, wizards
from .sync import (  # the Odoo-side roles register their steps on import
    export_attachments,
    export_documents,
    export_payments,
    exporters,
    import_contacts,
    import_documents,
    import_payments,
    import_reference,
)
