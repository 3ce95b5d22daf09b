"""A local Xero for tests and demos: OAuth2 consent, connections, the Accounting API, limits,
webhooks and faults, held to Xero's published OpenAPI contracts. Shares no code with the
connector's client. Run it with `python -m xero_sandbox serve` (see __main__.py)."""
