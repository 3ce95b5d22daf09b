"""Books agree: one check of one organisation, both sides read, compared (compare.py).

Xero's side costs a handful of calls whatever the size of the books: the organisation (its
financial year), the trial balance at the date (one call), and the invoices (summaryOnly) and credit
notes of the period or still open, in pages of 1,000 (draft invoices and bills too, whatever their
date: client health counts them from the same read). Odoo's side is read with grouped queries.
Nothing is written to Odoo's books: the caller stores the findings in a run.

    check = BooksCheck(connection, day, date_from)
    result = check.run()
    result.findings, result.skipped, result.calls
    check.organisation, check.documents   # what client health reuses instead of reading again
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from ...xero_client import const as xero_const
from ...xero_client.errors import XeroForbiddenError, XeroMalformedResponse
from ...xero_client.utils import parse_xero_date
from ..records import read_page
from . import compare

REPORT_SCOPES = {"accounting.reports.trialbalance.read", "accounting.reports.trialbalance",
                 "accounting.reports.read", "accounting.reports"}
INVOICE_SCOPES = {"accounting.invoices", "accounting.invoices.read", "accounting.transactions",
                  "accounting.transactions.read"}
BANK_TRANSACTION_SCOPES = {"accounting.banktransactions.read", "accounting.banktransactions",
                           "accounting.transactions", "accounting.transactions.read"}
JOURNAL_SCOPES = {"accounting.manualjournals", "accounting.manualjournals.read", "accounting.transactions",
                  "accounting.transactions.read"}
RECEIVE_SIGN = {"RECEIVE": 1, "RECEIVE-OVERPAYMENT": 1, "RECEIVE-PREPAYMENT": 1, "RECEIVE-TRANSFER": 1}
# Xero's account types whose trial balance counts from the financial year's start
YEARLY_TYPES = {"REVENUE", "SALES", "OTHERINCOME", "EXPENSE", "DIRECTCOSTS", "OVERHEADS", "DEPRECIATN"}
TAX_ACCOUNT_NAMES = ("gst", "vat", "sales tax", "gst/vat")
INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
# reasons that explain an account's difference, in the order they are said
ACCOUNT_HINTS = ("pending_item", "not_synced", "changed_in_xero", "changed_in_odoo", "missing_in_xero")


class CheckResult:
    def __init__(self):
        self.findings, self.skipped, self.compared, self.calls, self.date_from = [], [], {}, 0, None


def year_start(day, end_day, end_month):
    """The first day of the financial year `day` falls in, the year ending on end_day/end_month."""
    def end_in(year):
        for d in range(end_day, 27, -1):
            try:
                return date(year, end_month, d)
            except ValueError:
                continue
        return date(year, end_month, 28)

    end = end_in(day.year)
    return (end_in(day.year - 1) if day <= end else end) + timedelta(days=1)


def read_xero_trial_balance(xero, day):
    """Xero's trial balance at `day` (one call) -> ({AccountID: (label, balance)}, problems)."""
    reply = xero.get("Reports/TrialBalance", params={"date": day.isoformat()})
    reports = reply.get("Reports") if isinstance(reply, dict) else None
    return compare.read_trial_balance(reports[0] if isinstance(reports, list) and reports else None)


@dataclass
class XeroDocuments:
    """One read of Xero's documents: those dated in the period {id: XeroDoc}, every open
    (awaiting payment) one whatever its date, every draft invoice and bill whatever its date."""

    period: dict = field(default_factory=dict)
    open: list = field(default_factory=list)
    drafts: list = field(default_factory=list)


OPEN_OR_DRAFT = 'Status == "AUTHORISED" OR Status == "DRAFT"'


def read_xero_documents(xero, start=None, end=None):
    """XeroDocuments: one where-filtered read per collection, in pages of 1,000 (invoices
    summaryOnly: no lines; Xero's contract offers it on invoices only). With a period (the books
    check): the invoices and credit notes dated start..end or open, and the draft invoices; without
    (client health on its own): the open and draft invoices only."""
    found = XeroDocuments()
    if start:
        period = (f"(Date >= DateTime({start.year},{start.month:02d},{start.day:02d}) AND "
                  f"Date <= DateTime({end.year},{end.month:02d},{end.day:02d}))")
        reads = (("Invoices", "invoices", {"where": f"{period} OR {OPEN_OR_DRAFT}", "summaryOnly": "true"}),
                 ("CreditNotes", "credit_notes", {"where": f'{period} OR Status == "AUTHORISED"'}))
    else:
        reads = (("Invoices", "invoices", {"where": OPEN_OR_DRAFT, "summaryOnly": "true"}),)
    for collection, kind, params in reads:
        for _page, items in xero.iter_pages(collection, params=params, page_size=xero_const.MAX_PAGE_SIZE):
            for record in read_page(kind, items).records:
                doc = compare.xero_doc(record)
                if doc.status == "AUTHORISED":
                    found.open.append(doc)
                elif doc.status == "DRAFT" and kind == "invoices":
                    found.drafts.append(doc)
                day = record.document_date
                day = day.date() if isinstance(day, datetime) else day
                if start and day and start <= day <= end:
                    found.period[doc.xero_id] = doc
    return found


class XeroOnly:
    """What Xero's spend and receive money and manual journals add to one account's trial
    balance (debit +), and how many of their lines touch it."""

    def __init__(self):
        self.amount, self.bank_lines, self.journal_lines = compare.ZERO, 0, 0

    def add(self, other):
        self.amount += other.amount
        self.bank_lines += other.bank_lines
        self.journal_lines += other.journal_lines


def _when(record):
    try:
        return parse_xero_date(record.get("DateString") or record.get("Date"))
    except ValueError:
        return None


def read_xero_only(xero, day, fy_start, yearly=(), bank=True, journals=True, booked=frozenset()):
    """What Xero books that is not in Odoo, dated on or before `day`: spend and receive money
    (`bank`) and the manual journals (`journals`) not in `booked` (the ManualJournalIDs Odoo holds:
    pulled into Odoo, or posted from it) -> ({Xero AccountID, or
    "code:<code>" for a line naming its account by code only: XeroOnly}, the bank transactions
    not reconciled whatever their date, or None when not read: client health counts them from this
    read). A bank transaction's bank account takes its total, its lines' accounts the lines less
    tax; a journal's lines their amounts; `yearly` (ids and "code:" keys of income and expense
    accounts) count from `fy_start` only. Tax is left out. One call a 1,000 of each."""
    until = f"Date <= DateTime({day.year},{day.month:02d},{day.day:02d})"
    effects, waiting = {}, [] if bank else None

    def add(key, value, kind, when):
        if not key or not value or (when and when > day) or (key in yearly and when and when < fy_start):
            return
        found = effects.setdefault(key, XeroOnly())
        found.amount += value
        setattr(found, kind, getattr(found, kind) + 1)

    def lines_of(record, key):
        inclusive = record.get("LineAmountTypes") == "Inclusive"
        for line in record.get(key) or []:
            if not isinstance(line, dict):
                continue
            value = compare.amount(str(line.get("LineAmount") or ""))
            if inclusive and value:
                value -= compare.amount(str(line.get("TaxAmount") or "")) or compare.ZERO
            yield (line.get("AccountID") or (f"code:{line['AccountCode']}" if line.get("AccountCode") else None),
                   value)

    reads = ([("BankTransactions", 'Status == "AUTHORISED"')] if bank else []) + (
        [("ManualJournals", f'Status == "POSTED" AND {until}')] if journals else [])
    for collection, where in reads:
        for _page, items in xero.iter_pages(collection, params={"where": where}, page_size=xero_const.MAX_PAGE_SIZE):
            for record in items:
                if not isinstance(record, dict) or record.get("Status") not in (None, "AUTHORISED", "POSTED"):
                    continue
                when = _when(record)
                if collection == "BankTransactions" and not record.get("IsReconciled"):
                    waiting.append(record)
                if collection == "ManualJournals":
                    if record.get("ManualJournalID") in booked:
                        continue
                    for key, value in lines_of(record, "JournalLines"):
                        add(key, value, "journal_lines", when)
                    continue
                sign = RECEIVE_SIGN.get(record.get("Type"), -1)
                rate = compare.amount(str(record.get("CurrencyRate") or "")) or Decimal(1)
                total = compare.amount(str(record.get("Total") or ""))
                add((record.get("BankAccount") or {}).get("AccountID"), total and sign * (total / rate).quantize(
                    compare.CENT), "bank_lines", when)
                for key, value in lines_of(record, "LineItems"):
                    add(key, value and -sign * (value / rate).quantize(compare.CENT), "bank_lines", when)
    return effects, waiting


def organisation_of(reply):
    """The organisation in Xero's Organisation reply (which also carries Xero's clock)."""
    orgs = reply.get("Organisations") if isinstance(reply, dict) else None
    if not isinstance(orgs, list) or not orgs or not isinstance(orgs[0], dict):
        raise XeroMalformedResponse("Xero returned no organisation.")
    return orgs[0]


def _dec(value):
    return Decimal(str(value or 0)).quantize(compare.CENT)


class BooksCheck:
    def __init__(self, connection, day, date_from=None):
        self.conn, self.env = connection, connection.env
        self.company = connection.company_id
        self.day, self.date_from = day, date_from
        self.stats = None
        # what client health reuses when it runs with this check: Xero's Organisation reply, the
        # documents read, the bank transactions waiting for reconciliation (None when not read)
        self.organisation = self.documents = self.bank_lines = None
        self.scopes = set((connection.granted_scopes or "").replace(",", " ").split())

    def run(self):
        result = CheckResult()
        xero = self.conn._xero()
        self.stats = xero.stats  # what the check cost, counted in the organisation's usage even if it stops
        self.organisation = xero.get("Organisation")
        org = organisation_of(self.organisation)
        fy_start = year_start(self.day, int(org.get("FinancialYearEndDay") or 31),
                              int(org.get("FinancialYearEndMonth") or 12))
        self.date_from = result.date_from = self.date_from or fy_start
        base = org.get("BaseCurrency") or self.conn.base_currency
        same_currency = not base or base == self.company.currency_id.name
        if not same_currency:
            result.skipped.append(("accounts", self.env._(
                "Trial balance and contact balances not compared: Xero keeps the books in %(xero)s, the Odoo "
                "company in %(odoo)s.", xero=base, odoo=self.company.currency_id.name)))
        document_findings = []
        if self.scopes and not self.scopes & INVOICE_SCOPES:
            result.skipped.append(("documents", self.env._(
                "Documents and contact balances not compared: Xero does not let this connection read invoices. "
                "Reconnect the organisation and allow invoices on Xero's consent page.")))
        else:
            document_findings = self._documents(xero, result, contacts=same_currency)
        if same_currency and self.scopes and not self.scopes & REPORT_SCOPES:
            result.skipped.append(("accounts", self._no_report_scope()))
        elif same_currency:
            try:
                balances, problems = read_xero_trial_balance(xero, self.day)
            except XeroForbiddenError:
                result.skipped.append(("accounts", self._no_report_scope()))
            else:
                self._accounts(xero, result, balances, problems, document_findings, fy_start)
        result.calls = xero.stats.calls
        return result

    def _documents(self, xero, result, contacts=True):
        self.documents = read_xero_documents(xero, self.date_from, self.day)
        period, open_docs = self.documents.period, self.documents.open
        document_findings = compare.compare_documents(period, *self._odoo_documents())
        result.findings += document_findings
        result.compared["documents"] = len(period)
        if contacts:
            names, dues, partners = self._odoo_dues()
            names.update({d.contact_id: d.contact_name for d in open_docs if d.contact_name})
            result.findings += compare.compare_contacts(open_docs, dues, names, document_findings, partners)
            result.compared["contacts"] = len(set(dues) | {d.contact_id for d in open_docs})
        return document_findings

    def _accounts(self, xero, result, balances, problems, document_findings, fy_start):
        for label, problem in problems:
            result.findings.append(compare.Finding("accounts", f"row:{label}", label or "-", None, None,
                                                   "unreadable", problem))
        reasons = {f.reason for f in document_findings}
        hints = [h for h in ACCOUNT_HINTS if h in reasons]
        mapping, names = self._mapping()
        mapped = [a for a in set(mapping.values()) if a]
        odoo = self._odoo_balances(mapped, fy_start, self._counterparts(mapping))
        findings = compare.compare_accounts(balances, mapping, odoo, names, hints)
        result.findings += self._xero_only(xero, findings, mapping, fy_start)
        result.compared["accounts"] = len(mapped)

    def _journals_in_odoo(self):
        """The ManualJournalIDs Odoo's books hold: pulled from Xero (posted entries), or posted
        from Odoo to Xero."""
        Move = self.env["account.move"].sudo()
        pulled = Move.search([("xero_connection_id", "=", self.conn.id), ("move_type", "=", "entry"),
                              ("xero_id", "!=", False), ("state", "=", "posted")]).mapped("xero_id")
        posted = Move.search([("company_id", "=", self.company.id), ("xero_journal_id", "!=", False),
                              ("state", "=", "posted")]).mapped("xero_journal_id")
        return frozenset(pulled) | frozenset(posted)

    def _xero_only(self, xero, findings, mapping, fy_start):
        """Account differences Xero's spend and receive money and manual journals explain: the
        connector does not bring those into Odoo, so what they book is booked only in Xero. Read
        only when a mapped account differs (an agreeing check costs no call), each with its scope."""
        differing = [f for f in findings if f.refs.get("account_id") and f.reason != "rounding"]
        bank = not self.scopes or bool(self.scopes & BANK_TRANSACTION_SCOPES)
        journals = not self.scopes or bool(self.scopes & JOURNAL_SCOPES)
        if not differing or not (bank or journals):
            return findings
        bindings = self.env["xero.account"].sudo().search([("connection_id", "=", self.conn.id)])
        yearly = {key for b in bindings if (b.account_type or "").upper() in YEARLY_TYPES
                  for key in (b.xero_id, f"code:{b.code}")}
        try:
            effects, self.bank_lines = read_xero_only(xero, self.day, fy_start, yearly, bank=bank, journals=journals,
                                                      booked=self._journals_in_odoo() if journals else frozenset())
        except XeroForbiddenError:
            return findings
        by_code = {f"code:{b.code}": b.xero_id for b in bindings if b.code}
        odoo_effects = {}
        for key, effect in effects.items():
            odoo_id = mapping.get(by_code.get(key, key))
            if odoo_id:
                odoo_effects.setdefault(odoo_id, XeroOnly()).add(effect)
        out = []
        for finding in findings:
            effect = odoo_effects.get(finding.refs.get("account_id"))
            if finding not in differing or not effect or not effect.amount:
                out.append(finding)
                continue
            what = self._xero_only_words(effect)
            if abs(finding.difference + effect.amount) <= compare.ROUNDING:
                out.append(replace(finding, reason="only_in_xero", detail=self.env._(
                    "Booked in Xero by %(what)s (%(amount)s), which the connector does not bring into Odoo",
                    what=what, amount=effect.amount)))
            else:
                out.append(replace(finding, detail=self.env._(
                    "%(amount)s of it booked in Xero by %(what)s, which the connector does not bring into Odoo",
                    what=what, amount=effect.amount)))
        return out

    def _xero_only_words(self, effect):
        parts = []
        if effect.bank_lines:
            parts.append(self.env._("spend and receive money (lines: %s)", effect.bank_lines))
        if effect.journal_lines:
            parts.append(self.env._("manual journals (lines: %s)", effect.journal_lines))
        return self.env._(" and ").join(parts)

    def _no_report_scope(self):
        return self.env._(
            "Trial balance not compared: Xero does not let this connection read the trial balance. "
            "Reconnect the organisation (Reconnect on its form) and allow reports on Xero's consent page.")

    # ------------------------------------------------------------------ Odoo
    def _odoo_documents(self):
        """(bound documents of the period {xero id: OdooDoc}, pending Xero ids, Odoo-only ones)."""
        Move = self.env["account.move"].sudo()
        moves = Move.search([("company_id", "=", self.company.id), ("move_type", "in", INVOICE_TYPES),
                             ("invoice_date", ">=", self.date_from), ("invoice_date", "<=", self.day)])
        bound, only = {}, []
        for move in moves:
            doc = compare.OdooDoc(
                move.id, move.name or move.ref or "", move.state, _dec(move.amount_total), _dec(move.amount_residual),
                move.xero_id or "", move.xero_synced_at or move.xero_published_at, move.write_date,
                bool(move.xero_publish_state), move.xero_publish_state in ("changed", "conflict"))
            if move.xero_id and move.xero_connection_id == self.conn:
                bound[move.xero_id] = doc
            elif not move.xero_id and move.state == "posted":
                only.append(doc)
        pending = self.env["xero.pending.item"].sudo().search([
            ("connection_id", "=", self.conn.id), ("state", "=", "open"),
            ("xero_type", "in", ("invoices", "credit_notes"))]).mapped("xero_id")
        return bound, set(pending), only

    def _odoo_dues(self):
        """({ContactID: name}, {ContactID: open items, company currency}, {ContactID: partner id})."""
        bindings = self.env["xero.contact"].sudo().search([("connection_id", "=", self.conn.id),
                                                           ("partner_id", "!=", False)])
        contact_of = {}
        for binding in bindings:
            contact_of.setdefault(binding.partner_id.commercial_partner_id.id, binding)
        groups = self.env["account.move"].sudo()._read_group(
            [("company_id", "=", self.company.id), ("move_type", "in", INVOICE_TYPES), ("state", "=", "posted"),
             ("commercial_partner_id", "in", list(contact_of)), ("amount_residual", "!=", 0),
             ("invoice_date", "<=", self.day)],
            ["commercial_partner_id"], ["amount_residual_signed:sum"])
        dues = {}
        for partner, total in groups:
            dues[contact_of[partner.id].xero_id] = _dec(total)
        names = {b.xero_id: b.name or b.partner_id.name for b in bindings}
        partners = {b.xero_id: b.partner_id.id for b in bindings}
        return names, dues, partners

    def _mapping(self):
        accounts = self.env["xero.account"].sudo().search([("connection_id", "=", self.conn.id)])
        mapping = {a.xero_id: a.account_id.id or None for a in accounts}
        names = {a.account_id.id: a.account_id.display_name for a in accounts if a.account_id}
        return mapping, names

    def _counterparts(self, mapping):
        """{mapped Odoo account: Odoo accounts holding the same money} where Odoo splits what Xero
        keeps in one account: a bank account and its journal's outstanding receipts and payments
        (Odoo's payments wait there until matched with the statement), Xero's one tax account and
        the accounts Odoo's mapped taxes book to. Accounts mapped from Xero in their own right stay
        apart."""
        Account = self.env["account.account"].sudo()
        mapped = {a for a in mapping.values() if a}
        out = {}
        journals = self.env["account.journal"].sudo().search([
            ("company_id", "=", self.company.id), ("type", "in", ("bank", "cash")),
            ("default_account_id", "in", list(mapped))])
        for journal in journals:
            lines = journal.inbound_payment_method_line_ids | journal.outbound_payment_method_line_ids
            used = self.env["account.payment"].sudo()._read_group(
                [("journal_id", "=", journal.id)], ["outstanding_account_id"])
            extra = lines.payment_account_id.union(*(account for (account,) in used))
            out.setdefault(journal.default_account_id.id, Account)
            out[journal.default_account_id.id] |= extra
        bindings = self.env["xero.account"].sudo().search([("connection_id", "=", self.conn.id),
                                                           ("account_id", "!=", False)])
        tax_accounts = bindings.filtered(lambda b: (b.system_account or "").upper() == "GST" or (
            (b.name or "").strip().lower() in TAX_ACCOUNT_NAMES and b.account_type in ("CURRLIAB", "LIABILITY")))
        if tax_accounts:
            rates = self.env["xero.tax.rate"].sudo().search([("connection_id", "=", self.conn.id)])
            taxes = rates.sale_tax_id | rates.purchase_tax_id
            taxes |= taxes.children_tax_ids
            repartition = taxes.invoice_repartition_line_ids | taxes.refund_repartition_line_ids
            out.setdefault(tax_accounts[0].account_id.id, Account)
            out[tax_accounts[0].account_id.id] |= repartition.account_id
        return {key: [a for a in accounts.ids if a not in mapped] for key, accounts in out.items()}

    def _odoo_balances(self, account_ids, fy_start, counterparts=None):
        """{account id: balance at the date}: balance-sheet accounts since the beginning, income
        and expense accounts since the financial year began; the undistributed profit account
        takes the earlier years' income and expenses (as Xero's Retained Earnings does)."""
        Line = self.env["account.move.line"].sudo()
        counterparts = counterparts or {}
        accounts = self.env["account.account"].sudo().browse(
            list(account_ids) + [a for extra in counterparts.values() for a in extra])
        base = [("company_id", "=", self.company.id), ("parent_state", "=", "posted"), ("date", "<=", self.day)]
        whole = accounts.filtered("include_initial_balance")
        yearly = accounts - whole
        out = {}
        for domain, subset in ((base, whole), (base + [("date", ">=", fy_start)], yearly)):
            if subset:
                for account, total in Line._read_group(domain + [("account_id", "in", subset.ids)],
                                                       ["account_id"], ["balance:sum"]):
                    out[account.id] = _dec(total)
        unaffected = accounts.filtered(lambda a: a.account_type == "equity_unaffected")
        if unaffected:
            earlier = Line._read_group(
                [("company_id", "=", self.company.id), ("parent_state", "=", "posted"), ("date", "<", fy_start),
                 ("account_id.include_initial_balance", "=", False)], [], ["balance:sum"])[0][0]
            out[unaffected[0].id] = out.get(unaffected[0].id, compare.ZERO) + _dec(earlier)
        for account_id, extra in counterparts.items():
            out[account_id] = out.get(account_id, compare.ZERO) + sum(
                (out.pop(a, compare.ZERO) for a in extra), compare.ZERO)
        return out
