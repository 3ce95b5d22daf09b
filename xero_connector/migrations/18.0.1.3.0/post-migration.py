"""18.0.1.3.0: a small pool of runners serves every organisation (issue 30).

Before, each connection had a scheduled action of its own ("Xero: sync <organisation>"); they
are removed (with their server actions), the runners made (the settings' count), and each
running organisation's next check planned from its last scheduled run, so the firm's checks
stay spread over the hour rather than all falling due at once.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env["ir.cron"].with_context(active_test=False).search(
        [("ir_actions_server_id.code", "=like", "model._cron_process(%")])
    actions = old.ir_actions_server_id
    old.unlink()
    actions.exists().unlink()
    env["xero.sync.job"]._ensure_runners()
    conns = env["xero.connection"].search([("state", "=", "active"), ("sync_paused", "=", False)])
    conns._plan_next_check()
