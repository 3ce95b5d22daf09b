"""Books agree (issue 28): does Odoo's ledger agree with Xero's, and where not, why.

- compare.py  pure comparisons: Xero's trial balance read back, accounts, documents both ways,
              contact balances; each difference a Finding with its likely reason (no database).
- check.py    one check of one organisation: Xero's side in a handful of calls, Odoo's side in
              grouped queries; writes nothing to Odoo's books (models/xero_books_run.py stores it,
              and exports it with ..xlsx, the spreadsheet writer sync jobs share).
"""
