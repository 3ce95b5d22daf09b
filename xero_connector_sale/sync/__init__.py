"""The sale bridge's steps, registered with the core's jobs (xero_connector.sync.steps)."""

from . import export_quotes
