"""18.0.1.1.0: the firm's cockpit shows every company the user may access.

The record rules are `noupdate`, so an upgrade does not rewrite them by itself.
"""

from odoo import SUPERUSER_ID, api

COCKPIT_RULES = (
    "rule_xero_connection_company", "rule_xero_sync_job_company", "rule_xero_pending_item_company",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in COCKPIT_RULES:
        rule = env.ref(f"xero_connector.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = "[('company_id', 'in', user.company_ids.ids)]"
