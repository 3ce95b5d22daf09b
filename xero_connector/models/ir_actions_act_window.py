"""The firm-wide lists show every company the user may work in, whatever the switcher shows.

A window action whose context names `xero_firm_wide` (Sync Jobs, Pending Items, Publishing
Errors, the mappings...) is handed to the web client with `allowed_company_ids` set to the
user's companies, the ones ticked in the switcher first: its list shows every client, and a row
opened from it (its Fix button, its Odoo account field) works in that row's company, as Odoo's
own multi-company links do. With more than one company, the list is grouped by organisation:
the marker's value names the search view's group-by filter.
"""

from odoo import models

from ..utils import action_context, for_companies

FIRM_WIDE = "xero_firm_wide"


class IrActionsActWindow(models.Model):
    _inherit = "ir.actions.act_window"

    def _get_action_dict(self):
        result = super()._get_action_dict()
        if FIRM_WIDE not in str(result.get("context") or ""):
            return result
        ctx = action_context(result)
        if ctx is None:
            return result
        env = self.env(su=False)
        mine = env.user.company_ids
        current = [cid for cid in env.context.get("allowed_company_ids") or [] if cid in mine.ids]
        ordered = env["res.company"].browse(list(dict.fromkeys(current + mine.ids)))
        group = ctx.pop(FIRM_WIDE)
        if isinstance(group, str) and len(mine) > 1:
            ctx.setdefault(f"search_default_{group}", 1)
        result["context"] = ctx
        return for_companies(result, ordered)
