"""Bindings between one Xero organisation's records and Odoo records.

Each row is keyed by (connection, Xero ID); the Xero side is read-only, the Odoo side is
what the administrator edits inline in the mapping lists.
"""

from odoo import api, fields, models

from ..sync import conflicts
from ..sync.mappers import pull as pull_mappers

XERO_STATUS = [("ACTIVE", "Active"), ("ARCHIVED", "Archived"), ("DELETED", "Deleted")]
# Xero's account types, in Xero's own words (Xero may add types: the code is kept as sent)
XERO_ACCOUNT_TYPES = [
    ("BANK", "Bank"),
    ("CURRENT", "Current Asset"),
    ("CURRLIAB", "Current Liability"),
    ("DEPRECIATN", "Depreciation"),
    ("DIRECTCOSTS", "Direct Costs"),
    ("EQUITY", "Equity"),
    ("EXPENSE", "Expense"),
    ("FIXED", "Fixed Asset"),
    ("INVENTORY", "Inventory"),
    ("LIABILITY", "Liability"),
    ("NONCURRENT", "Non-current Asset"),
    ("OTHERINCOME", "Other Income"),
    ("OVERHEADS", "Overhead"),
    ("PAYGLIABILITY", "PAYG Liability"),
    ("PREPAYMENT", "Prepayment"),
    ("REVENUE", "Revenue"),
    ("SALES", "Sales"),
    ("SUPERANNUATIONEXPENSE", "Superannuation Expense"),
    ("SUPERANNUATIONLIABILITY", "Superannuation Liability"),
    ("TERMLIAB", "Non-current Liability"),
    ("WAGESEXPENSE", "Wages Expense"),
]
# Xero's system accounts (SystemAccount), and the names Xero's charts give them
RECEIVABLE_NAMES = {"accounts receivable", "trade debtors", "debtors", "trade receivables"}
PAYABLE_NAMES = {"accounts payable", "trade creditors", "creditors", "trade payables"}


def _notify(env, message, kind="success", reload=True):
    """A client notification (and the list reloaded, so what changed shows)."""
    params = {"message": message, "type": kind, "sticky": False}
    if reload:
        params["next"] = {"type": "ir.actions.client", "tag": "soft_reload"}
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}



# words every account name may carry: they say nothing about which account it is
GENERIC_WORDS = frozenset(
    "a account accounts and cost costs expense expenses fee fees for general income of on other paid "
    "payable receivable revenue the to".split())
LIKENESS_THRESHOLD = 0.5  # a suggestion by name alone must share at least half of its telling words
BESIDE_LIKENESS = 0.3  # a created account is said to stand beside an existing one from this score on
CONFIDENT_LIKENESS = 0.8  # Accept Confident Suggestions takes a name-only suggestion from this score on


def name_likeness(xero_name, odoo_name):
    """0..1: how alike two account names are, on the words that tell accounts apart (Dice)."""
    ours, theirs = ({w for w in pull_mappers.normalise_name(n).split() if w not in GENERIC_WORDS}
                    for n in (xero_name, odoo_name))
    if not ours or not theirs:
        return 0.0
    return 2 * len(ours & theirs) / (len(ours) + len(theirs))


class XeroBindingMixin(models.AbstractModel):
    _name = "xero.binding.mixin"
    _description = "Xero Binding"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True, readonly=True, index=True)
    xero_updated = fields.Datetime("Updated in Xero", readonly=True)

    @api.model
    def _by_xero_id(self, connection, xero_ids):
        """{xero_id: binding} for one connection, in one query."""
        records = self.with_context(active_test=False).search([
            ("connection_id", "=", connection.id), ("xero_id", "in", list(xero_ids)),
        ])
        return {rec.xero_id: rec for rec in records}


class XeroAccount(models.Model):
    _name = "xero.account"
    _inherit = "xero.binding.mixin"
    _description = "Xero Account Mapping"
    _order = "connection_id, code, name"

    code = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    account_type = fields.Char("Xero Type Code", readonly=True)
    account_type_name = fields.Selection(
        XERO_ACCOUNT_TYPES, "Xero Type", compute="_compute_account_type_name", store=True,
    )
    system_account = fields.Char(
        "Xero System Account", readonly=True,
        help="Xero's SystemAccount of this account (DEBTORS, CREDITORS...), when Xero names one.",
    )
    tax_type = fields.Char("Default Tax Type", readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    account_id = fields.Many2one(
        "account.account", "Odoo Account", domain="[('company_ids', 'in', company_id)]",
    )
    suggested_account_id = fields.Many2one(
        "account.account", "Suggestion", compute="_compute_suggestion",
        help="An Odoo account that looks like this Xero account (same code, same name, the "
        "company's receivable, payable or bank account, or the same type): press Use Suggestion "
        "to map it.",
    )
    suggestion_reason = fields.Char("Why", compute="_compute_suggestion")
    suggestion_score = fields.Integer(
        "Score", compute="_compute_suggestion",
        help="How sure the suggestion is, out of 100: 100 for the same code, the same name or the company's own "
        "receivable, payable or bank account; else how alike the names are (50 at least to be suggested).")
    suggestion_confident = fields.Boolean(
        "Confident", compute="_compute_suggestion",
        help="Taken by Accept Confident Suggestions: a score of 80 or more.")
    created_beside_id = fields.Many2one(
        "account.account", "Beside Odoo's", readonly=True,
        help="Create Odoo Accounts made a new Odoo account for this Xero account although the company already "
        "had this one of the same type: if both are the same account, map the Xero account to this one and "
        "archive the new one (documents typed in Odoo book to the company's own accounts).")
    created_beside_why = fields.Char("Alike By", readonly=True)

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero account is mapped once."),
    ]

    @api.depends("account_type")
    def _compute_account_type_name(self):
        known = dict(XERO_ACCOUNT_TYPES)
        for binding in self:
            binding.account_type_name = binding.account_type if binding.account_type in known else False

    def _system_kind(self):
        """'receivable', 'payable' or 'bank' for Xero's system accounts, else None."""
        system = (self.system_account or "").upper()
        name = pull_mappers.normalise_name(self.name)
        if system == "DEBTORS" or (not system and self.account_type == "CURRENT" and name in RECEIVABLE_NAMES):
            return "receivable"
        if system == "CREDITORS" or (not system and self.account_type == "CURRLIAB" and name in PAYABLE_NAMES):
            return "payable"
        if self.account_type == "BANK":
            return "bank"
        return None

    def _matcher(self, company):
        """Find the Odoo account of one company matching a Xero account: strong matches
        (code, name, system account) and weak ones (same type), read once per company."""
        accounts = self.env["account.account"].with_company(company).search(
            [("company_ids", "in", company.id), ("deprecated", "=", False)], order="code")
        by_code = {a.code: a for a in accounts if a.code}
        by_name, by_type, all_of_type = {}, {}, {}
        for account in accounts:
            by_name.setdefault(pull_mappers.normalise_name(account.name), []).append(account)
            by_type.setdefault(account.account_type, account)
            all_of_type.setdefault(account.account_type, []).append(account)
        default = self.env["ir.default"].sudo()
        system = {}
        for kind, field, odoo_type in (("receivable", "property_account_receivable_id", "asset_receivable"),
                                       ("payable", "property_account_payable_id", "liability_payable")):
            account = self.env["account.account"].browse(
                default._get("res.partner", field, company_id=company.id) or []).exists()
            system[kind] = account or by_type.get(odoo_type)
        banks = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")]).default_account_id
        used = set(self.search([("company_id", "=", company.id), ("account_id", "!=", False)]).account_id.ids)
        # the accounts documents typed in Odoo book to: among alike names, these are preferred
        booked = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "in", ("sale", "purchase"))]).default_account_id
        category = self.env.ref("product.product_category_all", raise_if_not_found=False)
        if category:
            category = category.with_company(company)
            booked |= category.property_account_income_categ_id | category.property_account_expense_categ_id

        def match(binding):
            """-> (account, reason, strong, score 0..1)"""
            if binding.code and binding.code in by_code:
                return by_code[binding.code], self.env._("same code"), True, 1.0
            named = by_name.get(pull_mappers.normalise_name(binding.name), [])
            if len(named) == 1:
                return named[0], self.env._("same name"), True, 1.0
            kind = binding._system_kind()
            if kind in ("receivable", "payable") and system[kind]:
                return system[kind], (self.env._("the company's receivable account") if kind == "receivable"
                                      else self.env._("the company's payable account")), True, 1.0
            if kind == "bank" and banks:
                name = pull_mappers.normalise_name(binding.name)
                bank = banks.filtered(lambda a: pull_mappers.normalise_name(a.name) == name) or banks.filtered(
                    lambda a: a.id not in used)[:1]
                if bank:
                    used.add(bank[:1].id)  # two Xero bank accounts are never offered one Odoo account
                    return bank[:1], self.env._("the company's bank account"), True, 1.0
            # the same type only (never an asset for an expense), and a name alike enough: the
            # words that say what the account is must mostly be shared ("Legal expenses" is not
            # "Car & Truck Expenses", "Bank Fees" not "Late Fees Paid"); the score is shown
            score, best = closest(binding)
            if best and score >= LIKENESS_THRESHOLD:
                if best in booked:
                    return best, self.env._("same type, similar name (%s%% alike), the account Odoo books "
                                            "documents to", round(score * 100)), False, score
                return best, self.env._("same type, similar name (%s%% alike)", round(score * 100)), False, score
            return self.env["account.account"], "", False, 0.0

        def closest(binding):
            """-> (likeness, the company's account of the same type whose name is the most alike)"""
            candidates = all_of_type.get(pull_mappers.ACCOUNT_TYPES.get(binding.account_type), [])
            if not candidates:
                return 0.0, None
            scored = [(name_likeness(binding.name, a.name), a) for a in candidates]
            preferred = [pair for pair in scored if pair[0] >= LIKENESS_THRESHOLD and pair[1] in booked]
            return max(preferred or scored, key=lambda pair: pair[0])

        match.closest = closest
        return match

    @api.depends("account_id", "code", "name", "account_type", "system_account")
    def _compute_suggestion(self):
        self.suggested_account_id = False
        self.suggestion_reason = False
        self.suggestion_score = 0
        self.suggestion_confident = False
        unmapped = self.filtered(lambda b: not b.account_id and b.company_id)
        for company in unmapped.company_id:
            match = self._matcher(company)
            for binding in unmapped.filtered(lambda b, c=company: b.company_id == c):
                account, reason, _strong, score = match(binding)
                binding.suggested_account_id = account
                binding.suggestion_reason = reason or False
                binding.suggestion_score = round(score * 100) if account else 0
                binding.suggestion_confident = bool(account) and score >= CONFIDENT_LIKENESS

    def action_use_suggestion(self):
        """Map each selected row to its suggestion (one click: the user has seen it)."""
        self.env["xero.connection"]._check_manager()
        todo = self.filtered(lambda b: not b.account_id and b.suggested_account_id)
        for binding in todo:
            binding.account_id = binding.suggested_account_id
        if not self:
            return _notify(self.env, self.env._("Select the Xero accounts whose suggestion you accept."),
                           "warning", reload=False)
        left = len(self) - len(todo)
        message = self.env._("%s Xero accounts mapped to their suggestion.", len(todo)) if len(todo) != 1 else \
            self.env._("1 Xero account mapped to its suggestion.")
        if left:
            message += " " + self.env._("%s left as they were (already mapped, or no suggestion).", left)
        return _notify(self.env, message, "success" if todo else "warning")

    def action_accept_confident(self):
        """Map the confident suggestions (a score of 80 or more: the same code, the same name, the
        company's own receivable, payable or bank account, or names at least 80% alike) of the
        selected rows, or of every unmapped Xero account of the companies in use when none is
        selected; the others are left to check one by one. Never two Xero accounts of one
        organisation to one Odoo account in one go."""
        self.env["xero.connection"]._check_manager()
        rows = self or self.search([("account_id", "=", False), ("status", "=", "ACTIVE")])
        unmapped = rows.filtered(lambda b: not b.account_id and b.suggested_account_id)
        taken, accepted = set(), self.browse()
        for binding in unmapped.filtered("suggestion_confident"):
            key = (binding.connection_id.id, binding.suggested_account_id.id)
            if key not in taken:
                taken.add(key)
                accepted |= binding
        for binding in accepted:
            binding.account_id = binding.suggested_account_id
        left = len(unmapped) - len(accepted)
        if accepted:
            message = self.env._("1 confident suggestion accepted.") if len(accepted) == 1 else self.env._(
                "%s confident suggestions accepted.", len(accepted))
        else:
            message = self.env._("No confident suggestion to accept.")
        message += " " + self.env._("Confident: the same code or name, the company's own receivable, payable or "
                                    "bank account, or names at least 80% alike.")
        if left:
            message += " " + (self.env._("1 other suggestion is left to check one by one.") if left == 1 else
                              self.env._("%s other suggestions are left to check one by one.", left))
        return _notify(self.env, message, "success" if accepted else "warning")

    def action_create_odoo_accounts(self):
        """Map each selected unmapped Xero account to the company's own Odoo account when there is
        one: the same code or name, its receivable, payable or bank account for Xero's system
        accounts, or the suggested account of the same type with a similar name (not yet mapped
        in this organisation): documents typed in Odoo book to those. Only the others get a new
        Odoo account with Xero's code, name and a type following Xero's; when the company has an
        account of that type already, the row and the notification say which one the new account
        stands beside (the most alike by name), to map to it instead if it is the same account.
        Documents waiting for them are booked by the next sync."""
        self.env["xero.connection"]._check_manager()
        if not self:
            return _notify(self.env, self.env._(
                "Select the unmapped Xero accounts (tick their rows; the Unmapped filter lists them), "
                "then press Create Odoo Accounts."), "warning", reload=False)
        Account = self.env["account.account"].sudo()
        created = mapped = 0
        beside = []  # "200 Sales beside 400000 Product Sales"
        todo = self.filtered(lambda b: not b.account_id and b.code)
        for company in todo.company_id:
            match = self._matcher(company)
            taken = set(self.search([("company_id", "=", company.id), ("account_id", "!=", False)]).mapped(
                lambda b: (b.connection_id.id, b.account_id.id)))
            for binding in todo.filtered(lambda b, c=company: b.company_id == c):
                account, _reason, strong, _score = match(binding)
                if account and (strong or (binding.connection_id.id, account.id) not in taken):
                    mapped += 1
                    binding.account_id = account
                    taken.add((binding.connection_id.id, account.id))
                    continue
                score, twin = match.closest(binding)
                account = Account.with_company(company).create({
                    **pull_mappers.odoo_account_values({"code": binding.code, "name": binding.name,
                                                   "account_type": binding.account_type}),
                    "company_ids": [(6, 0, company.ids)],
                })
                created += 1
                vals = {"account_id": account.id}
                if twin and score >= BESIDE_LIKENESS:  # alike enough to be maybe the same account
                    vals.update(created_beside_id=twin.id, created_beside_why=self.env._(
                        "same type, %s%% alike by name", round(score * 100)))
                    beside.append(self.env._("%(new)s beside %(old)s", new=account.display_name,
                                             old=twin.display_name))
                binding.write(vals)
        parts = []
        if created:
            parts.append(self.env._("1 account created") if created == 1 else
                         self.env._("%s accounts created", created))
        if mapped:
            parts.append(self.env._("1 mapped to an existing account") if mapped == 1 else
                         self.env._("%s mapped to existing accounts", mapped))
        skipped = len(self) - len(todo)
        if skipped:
            parts.append(self.env._("%s skipped (already mapped, or no code in Xero)", skipped))
        message = ", ".join(parts) + "." if (created or mapped) else self.env._(
            "Nothing to create: the selected Xero accounts are already mapped (or have no code in Xero).")
        if beside:
            message += " " + self.env._(
                "Created beside accounts of the same type the company had (map to those instead if they are the "
                "same account): %s; the filter Created Beside an Existing Account lists them.",
                "; ".join(beside[:5]) + (self.env._(" and %s more", len(beside) - 5) if len(beside) > 5 else ""))
        if created or mapped:
            message += " " + self.env._("The next sync books what waited for them.")
        return _notify(self.env, message, "success" if (created or mapped) else "warning")


class XeroTrackingCategory(models.Model):
    _name = "xero.tracking.category"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tracking Category Mapping"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    plan_id = fields.Many2one("account.analytic.plan", "Odoo Analytic Plan")
    option_ids = fields.One2many("xero.tracking.option", "category_id")

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tracking category is mapped once."),
    ]

    def action_create_plans(self):
        """Give each selected category an analytic plan of its own name (one per category),
        with one analytic account per option; the options are mapped to those accounts from
        now on (what was booked before keeps its accounts). Done from this button, not by
        sync jobs: a new plan adds a column to analytic lines and reloads Odoo's registry."""
        self.env["xero.connection"]._check_manager()
        if not self:
            return _notify(self.env, self.env._(
                "Select the tracking categories to give analytic plans of their own (remove the "
                "Unmapped filter to see them all), then press Create Analytic Plans."), "warning", reload=False)
        Plan = self.env["account.analytic.plan"].sudo()
        Analytic = self.env["account.analytic.account"].sudo().with_context(active_test=False)
        xero_plan = self.env.ref("xero_connector.analytic_plan_xero_tracking")
        todo = self.filtered(lambda c: not c.plan_id or c.plan_id == xero_plan)
        for category in todo:
            plan = Plan.search([("name", "=ilike", category.name), ("parent_id", "=", False)], limit=1) or (
                Plan.create({"name": category.name}))
            company = category.company_id
            for option in category.option_ids:
                option.analytic_account_id = Analytic.search([
                    ("plan_id", "=", plan.id), ("name", "=ilike", option.name),
                    ("company_id", "in", (company.id, False)),
                ], limit=1) or Analytic.create({"name": option.name, "plan_id": plan.id, "company_id": company.id,
                                                "active": option.status == "ACTIVE"})
            category.plan_id = plan
        if not todo:
            return _notify(self.env, self.env._(
                "Nothing to do: the selected categories already have analytic plans of their own."), "warning")
        message = self.env._("1 tracking category has its own analytic plan now.") if len(todo) == 1 else \
            self.env._("%s tracking categories have their own analytic plans now.", len(todo))
        return _notify(self.env, message + " " + self.env._("Their options book to its analytic accounts from now on."))


class XeroTrackingOption(models.Model):
    _name = "xero.tracking.option"
    _inherit = "xero.binding.mixin"
    _description = "Xero Tracking Option Mapping"
    _order = "category_id, name"

    category_id = fields.Many2one(
        "xero.tracking.category", required=True, ondelete="cascade", readonly=True,
    )
    plan_id = fields.Many2one(related="category_id.plan_id")
    name = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    archived = fields.Boolean(compute="_compute_archived", store=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account", "Odoo Analytic Account",
        domain="[('plan_id', '=', plan_id)]",
    )

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero tracking option is mapped once."),
    ]

    @api.depends("status")
    def _compute_archived(self):
        for option in self:
            option.archived = option.status != "ACTIVE"


class XeroContact(models.Model):
    _name = "xero.contact"
    _inherit = "xero.binding.mixin"
    _description = "Xero Contact Link"
    _order = "connection_id, name"

    name = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    tax_number = fields.Char(readonly=True)
    status = fields.Selection(XERO_STATUS, readonly=True)
    partner_id = fields.Many2one("res.partner", "Odoo Partner", index=True)
    # fingerprints of each side's compared fields as of the last sync (sync/conflicts.py): a side
    # whose fingerprint differs was edited since
    odoo_hash = fields.Char(readonly=True, copy=False)
    xero_hash = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero contact is linked once."),
    ]

    def _odoo_side(self, partner=None):
        return conflicts.contact_side(conflicts.partner_dict(partner or self.partner_id))

    @api.model
    def _agreed_vals(self, contact, partner):
        """Both sides' fingerprints as of now (a checked Xero contact, its Odoo partner)."""
        return {"odoo_hash": conflicts.fingerprint(self._odoo_side(partner)),
                "xero_hash": conflicts.fingerprint(conflicts.contact_side_xero(contact))}

    @api.model
    def _xero_baseline_vals(self, contact):
        """A link made before Odoo kept fingerprints: both sides' baseline is what Xero holds now
        (a checked Xero contact), so a partner that differs from it counts as edited in Odoo."""
        baseline = conflicts.fingerprint(conflicts.contact_side_xero(contact))
        return {"odoo_hash": baseline, "xero_hash": baseline}

    def _edited_in_odoo(self):
        """The partner's compared fields changed since the last sync."""
        self.ensure_one()
        return bool(self.odoo_hash and self.partner_id
                    and conflicts.fingerprint(self._odoo_side()) != self.odoo_hash)
