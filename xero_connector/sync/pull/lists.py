"""Reference lists: chart of accounts, tax rates, tracking categories and options."""

from odoo.tools import float_compare

from .. import tax_rules
from ..mappers import pull as pull_mappers
from ..steps import _lt, register
from .base import Importer

ARCHIVED = ("ARCHIVED", "DELETED")  # in Xero, not in use: nothing to map


@register
class AccountImporter(Importer):
    key = "accounts"
    collection = "Accounts"
    label = _lt("Accounts")  # pylint: disable=prefer-env-translation
    id_key = "AccountID"
    by_ids = None

    def binding_model(self):
        return self.env["xero.account"]

    def mapping_state(self):
        """Also: bank accounts matched to the company's bank and cash journals, and the ones
        left without a journal waiting in Pending Items (when payments are published)."""
        Binding = self.env["xero.account"]
        for bank in Binding.search([("connection_id", "=", self.conn.id), ("account_type", "=", "BANK"),
                                    ("journal_id", "=", False)])._match_journals():
            self.job._log(self.env._("Xero bank account %(bank)s mapped to the journal %(journal)s.",
                                     bank=bank.name, journal=bank.journal_id.display_name))
        Binding._bank_pending(self.conn, self.job)
        return _mapped(Binding, self.conn, "account_id")

    def row_states(self, xero_ids):
        rows = self.env["xero.account"]._by_xero_id(self.conn, xero_ids)
        return _states(rows, lambda r: r.account_id)

    def import_one(self, record, binding):
        vals = pull_mappers.account_binding(record)
        if binding and binding.xero_updated == vals["xero_updated"] and binding.account_id and (
                binding.account_type != "BANK" or binding.journal_id):
            return "unchanged", ""
        if not (binding and binding.account_id):
            vals["account_id"] = self._match(vals).id
        outcome = self.write_binding(binding, vals)
        if vals["status"] in ARCHIVED:
            return outcome, self.env._("archived in Xero: nothing to map")
        detail = "" if vals.get("account_id", True) else self.env._("no Odoo account matched: map it")
        return outcome, detail

    def _match(self, vals):
        """Match by code, then by exact name, within the connection's company."""
        accounts = self.env["account.account"].with_company(self.company)
        domain = [("company_ids", "in", self.company.id)]
        if vals["code"]:
            found = accounts.search(domain + [("code", "=", vals["code"])], limit=1)
            if found:
                return found
        found = accounts.search(domain + [("name", "=ilike", vals["name"])], limit=2)
        return found if len(found) == 1 else accounts


@register
class TaxRateImporter(Importer):
    """Xero tax rates -> the Odoo sales and purchase taxes with the same rate.

    Only taxes of the organisation's country are candidates when the company has any
    (AU GST, NZ GST and UK VAT have different rates and names); several candidates at one
    rate are told apart by the words their names share with Xero's.
    """

    key = "tax_rates"
    collection = "TaxRates"
    label = _lt("Tax rates")  # pylint: disable=prefer-env-translation
    id_key = "TaxType"
    incremental = False
    by_ids = None

    def binding_model(self):
        return self.env["xero.tax.rate"]

    def mapping_state(self):
        rows = self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)])
        rates = rows.filtered(lambda r: r.status not in ARCHIVED)
        matched = self._matched(rates)
        return {"matched": len(matched), "to map": len(rates) - len(matched), "archived": len(rows - rates)}

    @staticmethod
    def _matched(rates):
        return rates._mapped().filtered(lambda r: not r.to_choose)  # sharing an Odoo tax, unchosen: to map

    def row_states(self, xero_ids):
        rows = self.env["xero.tax.rate"]._by_xero_id(self.conn, xero_ids)
        rates = self.env["xero.tax.rate"].concat(*rows.values())
        matched = set(self._matched(rates.filtered(lambda r: r.status not in ARCHIVED)).ids)
        return _states(rows, lambda r: r.id in matched)

    def import_one(self, record, binding):
        vals = pull_mappers.tax_rate_binding(record)
        if not (binding and binding.sale_tax_id) and vals["for_sales"]:
            vals["sale_tax_id"] = self._match(vals, "sale").id
        if not (binding and binding.purchase_tax_id) and vals["for_purchases"]:
            vals["purchase_tax_id"] = self._match(vals, "purchase").id
        return self.write_binding(binding, vals), ""

    def _match(self, vals, use):
        suffix = tax_rules.odoo_tax_suffix(self.conn.country_code, vals["xero_id"], use)
        if suffix:
            tax = self.env.ref(f"account.{self.company.id}_{suffix}", raise_if_not_found=False)
            if tax and tax._name == "account.tax" and tax.active:
                return tax
        taxes = self.env["account.tax"].with_context(active_test=True).search([
            ("company_id", "=", self.company.id), ("type_tax_use", "=", use),
            ("amount_type", "=", "percent"),
        ])
        country = (self.conn.country_code or "").upper()
        local = taxes.filtered(lambda t: t.country_id.code == country)
        candidates = (local or taxes).filtered(
            lambda t: float_compare(t.amount, vals["rate"], precision_digits=4) == 0
        )
        if len(candidates) <= 1:
            return candidates
        words = set(pull_mappers.normalise_name(vals["name"]).split())
        return max(
            candidates,
            key=lambda t: (len(words & set(pull_mappers.normalise_name(t.name).split())), -t.sequence),
        )


@register
class TrackingImporter(Importer):
    """Tracking categories -> analytic plans, options -> analytic accounts (found or created)."""

    key = "tracking"
    collection = "TrackingCategories"
    label = _lt("Tracking categories")  # pylint: disable=prefer-env-translation
    id_key = "TrackingCategoryID"
    incremental = False
    by_ids = None
    params = {"includeArchived": "true"}

    def binding_model(self):
        return self.env["xero.tracking.category"]

    def mapping_state(self):
        """A category is matched when each of its active options has an analytic account."""
        rows = self.env["xero.tracking.category"].search([("connection_id", "=", self.conn.id)])
        categories = rows.filtered(lambda c: c.status not in ARCHIVED)
        matched = categories.filtered(self._matched)
        return {"matched": len(matched), "to map": len(categories) - len(matched), "archived": len(rows - categories)}

    @staticmethod
    def _matched(category):
        return all(o.analytic_account_id for o in category.option_ids if o.status == "ACTIVE")

    def row_states(self, xero_ids):
        return _states(self.env["xero.tracking.category"]._by_xero_id(self.conn, xero_ids), self._matched)

    def import_one(self, record, binding):
        vals = pull_mappers.tracking_category_binding(record)
        if not (binding and binding.plan_id):
            vals["plan_id"] = self._plan(vals["name"]).id
        outcome = self.write_binding(binding, vals)
        category = binding or self.binding_model().search([
            ("connection_id", "=", self.conn.id), ("xero_id", "=", vals["xero_id"]),
        ])
        options = self.env["xero.tracking.option"]._by_xero_id(
            self.conn, [o.tracking_option_id for o in record.options],
        )
        for option in record.options:
            ovals = pull_mappers.tracking_option_binding(option)
            current = options.get(ovals["xero_id"])
            if not (current and current.analytic_account_id):
                name = ovals["name"]
                if category.plan_id == self._xero_plan():  # one plan for all categories: say which
                    name = f"{category.name}: {name}"
                ovals["analytic_account_id"] = self._analytic(category.plan_id, name).id
            if not current:
                self.env["xero.tracking.option"].create(
                    {"connection_id": self.conn.id, "category_id": category.id, **ovals}
                )
                outcome = "updated" if outcome == "unchanged" else outcome
            elif any(mappers_differs(current, ovals)):
                current.write(ovals)
                outcome = "updated" if outcome == "unchanged" else outcome
        return outcome, ""

    def _plan(self, name):
        """The user's own top-level analytic plan of that name, else the "Xero Tracking" plan.

        Never a new plan: in Odoo every plan adds or patches fields of analytic lines and
        reloads the registry inside the transaction, which breaks the other jobs running
        beside it. A category can be pointed at any plan in Xero > Mappings.
        """
        root = self._xero_plan()
        found = self.env["account.analytic.plan"].search(
            [("name", "=ilike", name), ("parent_id", "=", False), ("id", "!=", root.id)], limit=1)
        return found or root

    def _xero_plan(self):
        return self.env.ref("xero_connector.analytic_plan_xero_tracking")

    def _analytic(self, plan, name):
        if not plan:
            return self.env["account.analytic.account"]
        analytic = self.env["account.analytic.account"].with_context(active_test=False)
        return analytic.search([
            ("plan_id", "=", plan.id), ("name", "=ilike", name),
            ("company_id", "in", (self.company.id, False)),
        ], limit=1) or analytic.create({
            "name": name, "plan_id": plan.id, "company_id": self.company.id,
        })


def _mapped(model, conn, field):
    """Where the organisation's list stands: every row matched, to map, or archived in Xero
    (nothing to map), so the three add up to the list Xero has."""
    rows = model.search([("connection_id", "=", conn.id)])
    active = rows.filtered(lambda r: r.status not in ARCHIVED)
    matched = len(active.filtered(field))
    return {"matched": matched, "to map": len(active) - matched, "archived": len(rows - active)}


def _states(rows, matched):
    """{Xero ID: "matched", "to map" or "archived"} of these bindings ({Xero ID: binding}): a
    row's outcome in the job's data file, in the words of the job's summary (mapping_state)."""
    return {xero_id: "archived" if row.status in ARCHIVED else "matched" if matched(row) else "to map"
            for xero_id, row in rows.items()}


def mappers_differs(record, vals):
    for key, value in vals.items():
        current = record[key]
        yield (current.id if hasattr(current, "id") else current or False) != (value or False)
