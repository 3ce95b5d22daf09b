"""Xero -> Odoo: the importers, one module per family of Xero records.

    Xero page --records.read_page--> checked records --mappers.pull--> values --> Odoo records

base.py's Importer fetches page by page (incremental with If-Modified-Since, resumable from the
job's page), runs each page in a savepoint and commits it, and gives every record one outcome
(created, updated, unchanged, skipped, pending, unreadable). lists.py reads the accounts, tax
rates and tracking people map; contacts.py, items.py (and contact groups), documents.py
(invoices, bills, credit notes), payments.py and journals.py (Xero's posted manual journals)
book what the mappings allow and leave the rest as pending items. Importing this package
registers every step (steps.register).
"""

from . import contacts, documents, items, journals, lists, payments
