"""The sale bridge's steps, registered with the core's jobs (xero_connector.sync.importers)."""

from . import export_quotes
