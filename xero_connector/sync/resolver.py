"""Odoo side of mappers.document_values: Xero references of checked records -> Odoo ids,
cached per job step."""


from .mappers.pull import Unmapped


class Resolver:
    def __init__(self, env, connection):
        self.env, self.conn = env, connection
        domain = [("connection_id", "=", connection.id)]
        accounts = env["xero.account"].search(domain)
        self._accounts = {a.code: a.account_id.id for a in accounts if a.code}
        self._account_names = {a.code: a.name for a in accounts if a.code}
        self._taxes = {t.xero_id: t for t in env["xero.tax.rate"].search(domain)}
        options = env["xero.tracking.option"].search(domain)
        self._options = {o.xero_id: o for o in options}
        self._options_by_name = {
            (o.category_id.name.lower(), (o.name or "").lower()): o for o in options
        }
        self._currencies = {}
        self._partners = {}
        self._products = None

    def partner(self, contact_id):
        if contact_id not in self._partners:
            binding = self.env["xero.contact"].search([
                ("connection_id", "=", self.conn.id), ("xero_id", "=", contact_id),
            ])
            self._partners[contact_id] = binding.partner_id.id
        if not self._partners[contact_id]:
            raise Unmapped("unknown_contact", self.env._(
                "The Xero contact %s is not linked to an Odoo partner yet: sync contacts or "
                "resolve the contact's pending item.", contact_id,
            ))
        return self._partners[contact_id]

    def product(self, item_code):
        """The Odoo product of a line's Xero item code, or None (read once per step)."""
        if self._products is None:
            self._products = {}
            for link in self.env["xero.product.binding"].search([("connection_id", "=", self.conn.id),
                                                                 ("code", "!=", False)]):
                self._products.setdefault(link.code.strip().lower(), link.product_id.id)
        return self._products.get((item_code or "").strip().lower())

    def preload_partners(self, contact_ids):
        missing = [c for c in contact_ids if c and c not in self._partners]
        if missing:
            for binding in self.env["xero.contact"].search([
                ("connection_id", "=", self.conn.id), ("xero_id", "in", missing),
            ]):
                self._partners[binding.xero_id] = binding.partner_id.id

    def currency(self, code):
        code = code or self.conn.company_id.currency_id.name
        if code not in self._currencies:
            currency = self.env["res.currency"].with_context(active_test=False).search(
                [("name", "=", code)], limit=1,
            )
            self._currencies[code] = currency
        currency = self._currencies[code]
        if not currency.active:
            raise Unmapped("currency_inactive", self.env._(
                "The currency %s is not active in Odoo: activate it in Accounting settings.", code,
            ))
        return currency.id

    def account(self, code):
        account_id = self._accounts.get(code)
        if not account_id:
            if not code:
                raise Unmapped("unmapped_account", self.env._(
                    "A line has no Xero account: choose one on the document in Xero."))
            if code not in self._account_names:
                raise Unmapped("unmapped_account", self.env._(
                    "The Xero account %s is not in the organisation's chart known to Odoo yet: "
                    "press Refresh Lists on the organisation, then map it in Xero > Mappings > "
                    "Accounts.", code,
                ))
            raise Unmapped("unmapped_account", self.env._(
                "The Xero account %(code)s %(name)s is not mapped to an Odoo account: map it in "
                "Xero > Mappings > Accounts.", code=code, name=self._account_names[code],
            ))
        return account_id

    def tax(self, tax_type, use):
        rate = self._taxes.get(tax_type)
        tax = rate and (rate.sale_tax_id if use == "sale" else rate.purchase_tax_id)
        if tax:
            return tax.id
        if rate and not rate.rate:
            return None  # a 0% Xero rate with no Odoo tax mapped: no tax on the line
        label = f"{tax_type} ({rate.name})" if rate and rate.name and rate.name != tax_type else tax_type
        raise Unmapped("unmapped_tax", self.env._(
            "The Xero tax rate %(tax)s has no Odoo %(use)s tax mapped: map it in Xero > Mappings > Tax Rates.",
            tax=label or self.env._("(none)"),
            use=self.env._("sales") if use == "sale" else self.env._("purchase"),
        ))

    def tax_account(self, tax_type, debit):
        """The Odoo account a manual journal line's tax is booked to: the account of the Odoo tax
        the Xero tax rate is mapped to (its purchase tax for a debit, its sales tax for a credit,
        the other one when only that is mapped)."""
        rate = self._taxes.get(tax_type)
        taxes = (rate.purchase_tax_id, rate.sale_tax_id) if rate and debit else (
            (rate.sale_tax_id, rate.purchase_tax_id) if rate else ())
        for tax in taxes:
            account = tax.invoice_repartition_line_ids.filtered(
                lambda r: r.repartition_type == "tax" and r.account_id)[:1].account_id
            if account:
                return account.id
        label = f"{tax_type} ({rate.name})" if rate and rate.name and rate.name != tax_type else tax_type
        raise Unmapped("unmapped_tax", self.env._(
            "A line carries tax at the Xero tax rate %s, which has no Odoo tax (with a tax account) mapped: map it "
            "in Xero > Mappings > Tax Rates.", label or self.env._("(none)")))

    def analytic(self, tracking):
        """Checked records.TrackingRef entries -> an analytic distribution."""
        distribution = {}
        for entry in tracking:
            option = self._options.get(entry.tracking_option_id) or self._options_by_name.get(
                ((entry.name or "").lower(), (entry.option or "").lower())
            )
            if not (option and option.analytic_account_id):
                raise Unmapped("unmapped_tracking", self.env._(
                    "The Xero tracking option %(category)s: %(option)s is not mapped to an "
                    "analytic account: map it in Xero > Mappings > Tracking Options (or press "
                    "Refresh Lists on the organisation if it is new).",
                    category=(option and option.category_id.name) or entry.name or self.env._("(no category)"),
                    option=(option and option.name) or entry.option or entry.tracking_option_id,
                ))
            distribution[str(option.analytic_account_id.id)] = 100.0
        return distribution
