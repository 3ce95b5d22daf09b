from odoo import models

LOCK_FIELDS = ("fiscalyear_lock_date", "sale_lock_date", "purchase_lock_date", "hard_lock_date")


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        """Closing a period (a lock date moving forward) posts that period's entries to Xero."""
        moved = {}
        if any(vals.get(f) for f in LOCK_FIELDS):
            for company in self:
                before = max(filter(None, (company[f] for f in LOCK_FIELDS)), default=None)
                moved[company.id] = before
        res = super().write(vals)
        for company in self.filtered(lambda c: c.id in moved):
            after = max(filter(None, (company[f] for f in LOCK_FIELDS)), default=None)
            if after and (not moved[company.id] or after > moved[company.id]):
                conns = self.env["xero.connection"].sudo().search([
                    ("company_id", "=", company.id), ("state", "=", "active"),
                    ("post_mode", "=", "period_close"),
                ])
                conns.action_post_journals(cutoff_date=after, trigger="schedule")
        return res
