"""Pure functions between Xero's checked records and Odoo's values, both ways: no Odoo, no
database, tested with Hypothesis alone.

    pull.document_values(invoice, resolve)      # records.Invoice -> account.move values
    publish.document_payload(doc, ctx)          # an Odoo document read into a dict -> Xero's Invoice
    items.item_payload(product, ctx)            # an Odoo product -> Xero's Item
    payments.payment_payload(pay, ctx)          # a reconciled Odoo payment -> Xero's Payment

pull.py maps what the importers read (and holds the job's data-file rows); publish.py is its
reverse for contacts, documents, orders and attachments; items.py and payments.py go both ways
for their family. A value that cannot travel raises a reason in plain words (Unmapped,
Unpublishable), never a half-built payload.
"""
