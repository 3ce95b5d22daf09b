"""The binding between a Xero tax rate of one organisation and its Odoo sales and purchase taxes.

Pulling reads it forwards (Xero tax type -> Odoo tax); publishing reads it backwards, and
backwards must have one answer: where several Xero rates map to one Odoo tax (NZ's No GST and
Zero Rated both on Odoo's 0% export tax), the administrator ticks the one publishing sends for
that tax ("Send for Sales" / "Send for Purchases", one per Odoo tax), or gives a rate an Odoo tax
of its own. Until then documents using that tax are held with the reason, never sent as a guess.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..sync import tax_rules
from ..sync.mappers import publish as publish_mappers
from .xero_mapping import XERO_STATUS, _notify

SIDES = (("sale", "sale_tax_id", "publish_sale"), ("purchase", "purchase_tax_id", "publish_purchase"))


class XeroTaxRate(models.Model):
    _name = "xero.tax.rate"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tax Rate Mapping"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    rate = fields.Float(readonly=True, digits=(16, 4), aggregator=None)  # a sum of rates means nothing
    status = fields.Selection(XERO_STATUS, readonly=True)
    for_sales = fields.Boolean("Applies to Revenue", readonly=True)
    for_purchases = fields.Boolean("Applies to Expenses", readonly=True)
    sale_tax_id = fields.Many2one(
        "account.tax", "Odoo Sales Tax",
        domain="[('company_id', '=', company_id), ('type_tax_use', '=', 'sale')]",
    )
    purchase_tax_id = fields.Many2one(
        "account.tax", "Odoo Purchase Tax",
        domain="[('company_id', '=', company_id), ('type_tax_use', '=', 'purchase')]",
    )
    publish_sale = fields.Boolean(
        "Send for Sales", copy=False,
        help="Several Xero tax rates use this Odoo sales tax: invoices and credit notes published to "
        "Xero with it are sent with the rate ticked here (one per Odoo tax).")
    publish_purchase = fields.Boolean(
        "Send for Purchases", copy=False,
        help="Several Xero tax rates use this Odoo purchase tax: bills and credit notes published to "
        "Xero with it are sent with the rate ticked here (one per Odoo tax).")
    sale_shared = fields.Boolean(compute="_compute_publishing")
    purchase_shared = fields.Boolean(compute="_compute_publishing")
    publish_note = fields.Char("When Publishing", compute="_compute_publishing")
    to_choose = fields.Boolean(compute="_compute_publishing", search="_search_to_choose",
                               help="Its Odoo tax is shared with another Xero tax rate and nobody chose which "
                               "one publishing sends: documents using it wait.")

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tax rate is mapped once."),
    ]

    def _mapped(self):
        """The rates Odoo can book: each side Xero uses has an Odoo tax (a 0% rate needs none)."""
        return self.filtered(lambda r: not r.rate or (
            (r.sale_tax_id or not r.for_sales) and (r.purchase_tax_id or not r.for_purchases)))

    # ------------------------------------------------------------------ publishing: the reverse map
    @api.model
    def _publish_map(self, connection):
        """The organisation's tax mapping reversed (tax_rules.PublishMap): one Xero tax type
        per Odoo tax, the taxes still to choose for, and those shared. Odoo taxes no rate maps
        fall back to the country's chart rules (only for types the organisation has)."""
        rates = self.sudo().with_context(active_test=False).search([("connection_id", "=", connection.id)])
        rows = [tax_rules.RateRow(r.xero_id, r.status == "ACTIVE", r.sale_tax_id.id or None,
                                  r.purchase_tax_id.id or None, r.publish_sale, r.publish_purchase) for r in rates]
        known, chart = set(rates.mapped("xero_id")), {}
        company = connection.company_id
        for tax_type, suffixes in tax_rules.TAX_RULES.get((connection.country_code or "").upper(), {}).items():
            for suffix in filter(None, suffixes) if tax_type in known else ():
                tax = self.env.ref(f"account.{company.id}_{suffix}", raise_if_not_found=False)
                if tax and tax._name == "account.tax":
                    chart.setdefault(tax.id, tax_type)
        return tax_rules.publish_types(rows, chart)

    @api.depends("sale_tax_id", "purchase_tax_id", "publish_sale", "publish_purchase", "status")
    def _compute_publishing(self):
        for conn in self.connection_id:
            found = self._publish_map(conn)
            names = {r.xero_id: r.name or r.xero_id for r in self.with_context(active_test=False).search(
                [("connection_id", "=", conn.id)])}
            for rate in self.filtered(lambda r, c=conn: r.connection_id == c):
                notes, to_choose = [], False
                for side, field, _flag in SIDES:
                    tax = rate[field]
                    shared = tax and rate.xero_id in found.shared.get(tax.id, ())
                    rate[f"{side}_shared"] = bool(shared)
                    if not shared:
                        continue
                    sent = found.types.get(tax.id)
                    if tax.id in found.undecided:
                        to_choose = True
                        choices = ", ".join(names[t] for t in found.undecided[tax.id])
                        suggested = self._suggested_sender(conn, tax, found.undecided[tax.id])
                        notes.append(self.env._(
                            "Choose the rate sent for %(tax)s: %(rates)s (suggested: %(suggested)s, the same "
                            "meaning in Odoo's chart)", tax=tax.name, rates=choices, suggested=names[suggested])
                            if suggested else self.env._("Choose the rate sent for %(tax)s: %(rates)s",
                                                         tax=tax.name, rates=choices))
                    elif sent == rate.xero_id:
                        notes.append(self.env._("%s is sent as this rate", tax.name))
                    else:
                        notes.append(self.env._("%(tax)s is sent as %(rate)s", tax=tax.name, rate=names[sent]))
                rate.publish_note = "; ".join(notes) or False
                rate.to_choose = to_choose
        rest = self.filtered(lambda r: not r.connection_id)
        rest.update({"sale_shared": False, "purchase_shared": False, "publish_note": False, "to_choose": False})

    def action_send_for_sales(self):
        """Row button: this rate is the one sent for its Odoo sales tax (the list reloads, so the
        other rates sharing the tax show they are not)."""
        return self._send_for("sale")

    def action_send_for_purchases(self):
        return self._send_for("purchase")

    def _send_for(self, side):
        self.env["xero.connection"]._check_manager()
        self.ensure_one()
        self.write({f"publish_{side}": True})
        tax = self[side + "_tax_id"].name  # no f-string inside a translation call: the .pot extractor stops at it
        return _notify(self.env, self.env._("%(tax)s is sent to Xero as %(rate)s from now on.",
                                            tax=tax, rate=self.name))

    @api.model
    def _suggested_sender(self, connection, tax, tax_types):
        """Of the Xero tax types sharing `tax`, the one Odoo's chart gives that tax (TAX_RULES), or None."""
        company_id, side = connection.company_id.id, tax.type_tax_use
        meaning = [t for t in tax_types if (suffix := tax_rules.odoo_tax_suffix(connection.country_code, t, side))
                   and self.env.ref(f"account.{company_id}_{suffix}", raise_if_not_found=False) == tax]
        return meaning[0] if len(meaning) == 1 else None

    def action_send_suggested(self):
        """For each Odoo tax the selected rates share with others and nobody chose for: tick the
        rate of the same meaning in Odoo's chart (the suggestion the screen shows). Taxes without
        a suggestion are left for a person to choose."""
        self.env["xero.connection"]._check_manager()
        chosen, left = [], 0
        for conn in self.connection_id:
            found = self._publish_map(conn)
            mine = self.filtered(lambda r, c=conn: r.connection_id == c)
            taxes = (mine.sale_tax_id | mine.purchase_tax_id).filtered(
                lambda t, undecided=found.undecided: t.id in undecided)
            for tax in taxes:
                suggested = self._suggested_sender(conn, tax, found.undecided[tax.id])
                if not suggested:
                    left += 1
                    continue
                rate = self.search([("connection_id", "=", conn.id), ("xero_id", "=", suggested)])
                rate.write({f"publish_{tax.type_tax_use}": True})
                chosen.append(self.env._("%(tax)s sent as %(rate)s", tax=tax.name, rate=rate.name))
        if not chosen:
            return _notify(self.env, self.env._(
                "Nothing chosen: select rates To Choose whose shared Odoo tax has a suggestion."), "warning",
                reload=False)
        message = self.env._("Chosen: %s.", "; ".join(chosen))
        if left:
            message += " " + self.env._("%s taxes have no suggestion: choose them yourself.", left)
        return _notify(self.env, message)

    def _search_to_choose(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search this field with = or != only."))
        ids = self.search(["|", ("sale_tax_id", "!=", False), ("purchase_tax_id", "!=", False)]).filtered(
            "to_choose").ids
        return [("id", "in" if (operator == "=") == bool(value) else "not in", ids)]

    def write(self, vals):
        """Ticking "Send for..." on one rate unticks it on the others sharing that Odoo tax (one
        answer per tax); giving a rate another Odoo tax unticks it (the choice was for the old one)."""
        for _side, field, flag in SIDES:
            if field in vals and flag not in vals:
                moved = self.filtered(lambda r, f=field, g=flag: r[f].id != (vals[f] or False) and r[g])
                super(XeroTaxRate, moved).write({flag: False})
            if vals.get(flag):
                taxes = [vals[field]] if vals.get(field) else self.mapped(field).ids
                others = self.search([("connection_id", "in", self.connection_id.ids), (field, "in", taxes),
                                      (flag, "=", True), ("id", "not in", self.ids)])
                super(XeroTaxRate, others).write({flag: False})
        result = super().write(vals)
        if {"sale_tax_id", "purchase_tax_id", "publish_sale", "publish_purchase", "status"} & set(vals):
            # what the screen says of a rate depends on the other rates sharing its taxes
            self.invalidate_model(["sale_shared", "purchase_shared", "publish_note", "to_choose"])
        return result

    @api.constrains("publish_sale", "publish_purchase", "sale_tax_id", "purchase_tax_id")
    def _check_one_sent_per_tax(self):
        for _side, field, flag in SIDES:
            for rate in self.filtered(lambda r, f=flag: r[f]):
                if not rate[field]:
                    continue
                other = self.search([("connection_id", "=", rate.connection_id.id), (field, "=", rate[field].id),
                                     (flag, "=", True), ("id", "!=", rate.id)], limit=1)
                if other:
                    raise ValidationError(self.env._(
                        "Publishing sends one Xero tax rate for each Odoo tax: %(tax)s is already sent as "
                        "%(other)s. Untick it there first.", tax=rate[field].name, other=other.name))

    def action_own_odoo_tax(self):
        """Give each selected rate that shares its Odoo tax with another rate, and is not the one
        sent for it, an Odoo tax of its own: the tax of that meaning in Odoo's chart when no other
        rate uses it (re-activated if Odoo ships it archived), else a copy of the shared tax named
        as Xero names the rate (a copy for Xero's no-tax rate reports in no tax return box).
        Documents pulled from Xero with that rate book to it from now on; both ways agree."""
        self.env["xero.connection"]._check_manager()
        made = []
        for rate in self:
            for side, field, _flag in SIDES:
                found = self._publish_map(rate.connection_id)
                tax = rate[field]
                sent = found.types.get(tax.id) if tax else None
                if not tax or rate.xero_id not in found.shared.get(tax.id, ()) or sent == rate.xero_id:
                    continue
                own = rate._own_tax(side, tax)
                rate.write({field: own.id})
                made.append(self.env._("%(rate)s: %(tax)s", rate=rate.name, tax=own.name))
        if not made:
            return _notify(self.env, self.env._(
                "Nothing to do: select Xero tax rates sharing an Odoo tax with another rate (the To Choose "
                "filter lists them), other than the one sent for it."), "warning", reload=False)
        return _notify(self.env, self.env._("Odoo taxes of their own: %s.", "; ".join(made)))

    def _own_tax(self, side, shared):
        """The Odoo tax this rate gets instead of `shared` (see action_own_odoo_tax)."""
        self.ensure_one()
        company = self.company_id
        Tax = self.env["account.tax"].sudo().with_context(active_test=False)
        suffix = tax_rules.odoo_tax_suffix(self.connection_id.country_code, self.xero_id, side)
        ruled = suffix and self.env.ref(f"account.{company.id}_{suffix}", raise_if_not_found=False)
        field = f"{side}_tax_id"
        if ruled and ruled._name == "account.tax" and ruled != shared and not self.search(
                [("connection_id", "=", self.connection_id.id), (field, "=", ruled.id)], limit=1):
            ruled.sudo().active = True
            return ruled
        name = self.name or self.xero_id
        taken = set(Tax.search([("company_id", "=", company.id), ("type_tax_use", "=", side)]).mapped("name"))
        candidates = [name, f"{name} (Xero)"] + [f"{name} (Xero {n})" for n in range(2, 100)]
        own = shared.sudo().copy({"name": next(n for n in candidates if n not in taken), "active": True})
        no_tax = set(publish_mappers.NO_TAX_TYPES.values())
        if self.xero_id in no_tax:  # outside the tax return in Xero: nowhere in Odoo's either
            (own.invoice_repartition_line_ids | own.refund_repartition_line_ids).tag_ids = False
        return own
