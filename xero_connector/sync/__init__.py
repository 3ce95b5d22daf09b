"""The connector's roles, OCA-style, one room each; data flows one way through them:

    Xero reply --records--> checked record --mappers--> Odoo values --pull--> Odoo records
    Odoo record --mappers--> Xero dict --publish--> Xero (batches, idempotent, lost replies adopted)

- records/   the page edge: every Xero reply read once into checked, frozen records (pure).
- mappers/   pure functions both ways: pull.py (Xero -> Odoo values), publish.py (Odoo -> Xero
             documents, contacts, orders), items.py, payments.py. Tested without a database.
- pull/      the importers: one per family of Xero records, page by page, one outcome per record.
- publish/   the exporters: batch.py is the one sending discipline (sending marks, Idempotency-
             Key, adoption of lost replies) that journals, documents, payments, items, orders
             and attachments share; contact_groups.py sends the few groups one by one.
- steps.py   which steps each kind of job runs, the registry every importer and exporter joins,
             the page commit, and a step's outcome in words.
- xlsx.py    the spreadsheet writer (a books check's export, a sync job's data file).
- resolver.py binds Xero codes to Odoo ids through the mappings; tax_rules.py says what each
  country's tax types mean; conflicts.py compares the two sides of a record edited on both.

The adapter is ..xero_client; the binder is ..models.xero_mapping (xero.binding.mixin).
Nothing is imported here: records and mappers load without Odoo (their tests need no
database); the addon's __init__ imports pull and publish, whose modules register their steps.
"""
