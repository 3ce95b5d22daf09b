"""Books agree: the pure comparisons (no database, no network). Each side is read into plain
values first; each comparison returns Findings, one per account, document or contact that
differs, with the likely reason as a code (REASONS names them in words, in models/).

    balances, problems = read_trial_balance(report)          # Xero's TrialBalance reply
    compare_accounts(balances, mapping, odoo_balances, names)
    compare_documents(xero_docs, odoo_docs, pending_ids)
    compare_contacts(xero_docs, odoo_dues, contact_names, document_findings)

Amounts are Decimals; a difference is Odoo's amount less Xero's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
CENT = Decimal("0.01")
CLOCK_MARGIN = timedelta(seconds=30)
ROUNDING = Decimal("0.05")  # a difference this small is rounding (cents on tax or exchange)
REASON_CODES = (
    "unmapped_account", "pending_item", "not_synced", "changed_in_xero", "changed_in_odoo", "rounding",
    "only_in_odoo", "only_in_xero", "missing_in_xero", "status", "unreadable", "different",
)
# Xero's document status -> the Odoo state it is booked as
ODOO_STATE = {"DRAFT": "draft", "SUBMITTED": "draft", "AUTHORISED": "posted", "PAID": "posted",
              "VOIDED": "cancel", "DELETED": "cancel"}
# document type -> sign of what the contact owes (+: owes the organisation)
DUE_SIGN = {"ACCREC": 1, "ACCPAYCREDIT": 1, "ACCPAY": -1, "ACCRECCREDIT": -1}


@dataclass(frozen=True)
class Finding:
    section: str  # "accounts", "documents" or "contacts"
    key: str  # the Xero id (account, document, contact), or an Odoo reference for Odoo-only rows
    label: str
    odoo: Decimal | None
    xero: Decimal | None
    reason: str
    detail: str = ""
    refs: dict = field(default_factory=dict, compare=False)  # Odoo ids: account_id, move_id, partner_id

    @property
    def difference(self):
        return (self.odoo or ZERO) - (self.xero or ZERO)


@dataclass(frozen=True)
class XeroDoc:
    """One invoice, bill or credit note as Xero's summaryOnly page gives it."""

    xero_id: str
    kind: str  # ACCREC, ACCPAY, ACCRECCREDIT, ACCPAYCREDIT
    number: str
    status: str
    total: Decimal
    due: Decimal  # AmountDue, or a credit note's RemainingCredit
    contact_id: str = ""
    contact_name: str = ""
    rate: Decimal = Decimal(1)
    updated: datetime | None = None
    currency: str = ""
    due_date: date | None = None


@dataclass(frozen=True)
class OdooDoc:
    """One Odoo document bound to Xero (pulled, or published from Odoo)."""

    move_id: int
    name: str
    state: str  # draft, posted, cancel
    total: Decimal
    due: Decimal
    xero_id: str = ""
    synced_at: datetime | None = None  # when Odoo last wrote it from Xero, or published it
    changed_at: datetime | None = None  # Odoo's last write
    published: bool = False
    edited: bool = False  # Odoo marks it changed since it was published


def amount(text):
    """A report cell's text -> Decimal; "" is zero; anything else not a number -> None."""
    text = (text or "").strip().replace(",", "")
    if not text:
        return ZERO
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def report_rows(report, name, no_section, id_keys):
    """Walk one of Xero's reports (a header row, sections of rows of cells) for its data rows.

    Returns (titles, rows, problems): the header's column titles in lower case, each data row in
    the report's order as (label, cells, the one account id it names, or None when it names none
    or several), and [(label, problem)] for a report without rows or sections (`name` and
    `no_section` word them)."""
    rows = report.get("Rows") if isinstance(report, dict) else None
    if not isinstance(rows, list) or not rows:
        return [], [], [("", f"The {name} came without rows.")]
    header = next((r for r in rows if isinstance(r, dict) and r.get("RowType") == "Header"), None)
    titles = [str(c.get("Value", "")).strip().lower() for c in (header or {}).get("Cells") or [] if isinstance(c, dict)]
    sections = [r for r in rows if isinstance(r, dict) and r.get("RowType") == "Section"]
    found, problems = [], [] if sections else [("", no_section)]
    for section in sections:
        for row in section.get("Rows") or []:
            if not isinstance(row, dict) or row.get("RowType") != "Row":
                continue
            cells = [c if isinstance(c, dict) else {} for c in row.get("Cells") or []]
            label = str(cells[0].get("Value", "")) if cells else ""
            ids = {a.get("Value") for c in cells for a in c.get("Attributes") or []
                   if isinstance(a, dict) and a.get("Id") in id_keys and a.get("Value")}
            found.append((label, cells, ids.pop() if len(ids) == 1 else None))
    return titles, found, problems


def read_trial_balance(report):
    """Xero's TrialBalance report -> ({AccountID: (label, balance, debit +)}, [(label, problem)]).

    Balances are the YTD columns (the balance as at the report date). A row without an account
    id or with an amount that is not a number is a problem, named; the other rows still count."""
    titles, rows, problems = report_rows(
        report, "trial balance", "The trial balance came without sections.", ("account",))
    debit = titles.index("ytd debit") if "ytd debit" in titles else 3
    credit = titles.index("ytd credit") if "ytd credit" in titles else 4
    balances = {}
    for label, cells, account_id in rows:
        if account_id is None:
            problems.append((label, "Xero names no account for this row."))
            continue
        if len(cells) <= max(debit, credit):
            problems.append((label, "The row has fewer columns than the report's header."))
            continue
        dr, cr = amount(cells[debit].get("Value")), amount(cells[credit].get("Value"))
        if dr is None or cr is None:
            problems.append((label, "An amount in this row is not a number."))
            continue
        old = balances.get(account_id, (label, ZERO))[1]
        balances[account_id] = (label, old + dr - cr)
    return balances, problems


def _near(difference):
    return abs(difference) <= ROUNDING


def compare_accounts(balances, mapping, odoo_balances, names, hints=()):
    """Trial balance per mapped account.

    balances: {Xero AccountID: (label, balance)}; mapping: {Xero AccountID: Odoo account id or
    None} for every Xero account the connector knows; odoo_balances: {Odoo account id: balance};
    names: {Odoo account id: label}; hints: reason codes that explain differences elsewhere
    (documents waiting, not synced), the first one used for an unexplained difference."""
    findings, xero_by_account, labels = [], defaultdict(lambda: ZERO), defaultdict(list)
    for account_id, (label, balance) in balances.items():
        odoo_id = mapping.get(account_id)
        if not odoo_id:
            if balance:
                findings.append(Finding("accounts", account_id, label, None, balance, "unmapped_account"))
            continue
        xero_by_account[odoo_id] += balance
        labels[odoo_id].append(account_id)
    xero_ids = defaultdict(list)
    for account_id, odoo_id in mapping.items():
        if odoo_id:
            xero_ids[odoo_id].append(account_id)
    for odoo_id in sorted(set(xero_ids), key=lambda i: names.get(i, "")):
        odoo, xero = odoo_balances.get(odoo_id, ZERO), xero_by_account.get(odoo_id, ZERO)
        difference = odoo - xero
        if not difference:
            continue
        if _near(difference):
            reason = "rounding"
        elif not xero:
            reason = "only_in_odoo"
        elif not odoo:
            reason = "only_in_xero"
        else:
            reason = next(iter(hints), "different")
        key = (labels.get(odoo_id) or xero_ids[odoo_id])[0]
        findings.append(Finding("accounts", key, names.get(odoo_id, ""), odoo, xero, reason,
                                refs={"account_id": odoo_id}))
    return findings


def _changed_reason(xero_doc, odoo_doc):
    """Which side changed the document since Odoo last wrote or published it, if one says so.
    Odoo's own mark comes first; Xero's UpdatedDateUTC counts from CLOCK_MARGIN after Odoo's
    stamp (Odoo stamps before Xero answers, and the two clocks are not one)."""
    synced = odoo_doc.synced_at
    if odoo_doc.edited or (synced and odoo_doc.changed_at and odoo_doc.changed_at > synced and odoo_doc.published):
        return "changed_in_odoo"
    if synced and xero_doc.updated and xero_doc.updated > synced + CLOCK_MARGIN:
        return "changed_in_xero"
    return None


def compare_documents(xero_docs, odoo_docs, pending_ids=(), odoo_only=()):
    """Documents both ways. xero_docs: {xero id: XeroDoc} of the period; odoo_docs: {xero id:
    OdooDoc} bound to this organisation in the period; pending_ids: Xero ids waiting in Odoo;
    odoo_only: OdooDocs of the period never sent to Xero (published-from-Odoo ones that failed
    or wait, or documents booked only in Odoo)."""
    findings, pending = [], set(pending_ids)
    for xero_id, doc in sorted(xero_docs.items(), key=lambda kv: kv[1].number):
        label = f"{doc.number or doc.kind} ({doc.contact_name})" if doc.contact_name else doc.number or doc.kind
        mine = odoo_docs.get(xero_id)
        if mine is None:
            if doc.status in ("VOIDED", "DELETED"):
                continue  # voided before it ever reached Odoo: nothing to book
            reason = "pending_item" if xero_id in pending else "not_synced"
            findings.append(Finding("documents", xero_id, label, None, doc.total, reason,
                                    refs={"kind": doc.kind, "currency": doc.currency}))
            continue
        refs = {"move_id": mine.move_id, "kind": doc.kind}
        expected = ODOO_STATE.get(doc.status, "posted")
        if expected == "cancel" and mine.state == "cancel":
            continue
        total_diff, due_diff = mine.total - doc.total, mine.due - doc.due
        if mine.state != expected:
            reason = _changed_reason(doc, mine) or ("pending_item" if xero_id in pending else "status")
            findings.append(Finding("documents", xero_id, label, mine.total, doc.total, reason,
                                    f"status: {mine.state} in Odoo, {doc.status} in Xero", refs))
        elif total_diff or due_diff:
            reason = _changed_reason(doc, mine) or ("rounding" if _near(total_diff) and _near(due_diff)
                                                    else "pending_item" if xero_id in pending else "different")
            what = "total" if total_diff else "amount due"
            odoo, xero = (mine.total, doc.total) if total_diff else (mine.due, doc.due)
            findings.append(Finding("documents", xero_id, label, odoo, xero, reason, what, refs))
    for xero_id, mine in sorted(odoo_docs.items(), key=lambda kv: kv[1].name):
        if xero_id not in xero_docs and mine.state != "cancel":
            findings.append(Finding("documents", xero_id, mine.name, mine.total, None, "missing_in_xero",
                                    refs={"move_id": mine.move_id}))
    for mine in odoo_only:
        reason = "not_synced" if mine.published else "only_in_odoo"
        findings.append(Finding("documents", f"odoo:{mine.move_id}", mine.name, mine.total, None, reason,
                                refs={"move_id": mine.move_id}))
    return findings


def xero_dues(xero_docs):
    """{ContactID: what the contact owes in the base currency (+: owes the organisation)} from
    open (AUTHORISED) documents: amount due divided by the document's rate."""
    dues = defaultdict(lambda: ZERO)
    for doc in xero_docs:
        if doc.status == "AUTHORISED" and doc.kind in DUE_SIGN and doc.contact_id:
            dues[doc.contact_id] += (DUE_SIGN[doc.kind] * doc.due / (doc.rate or 1)).quantize(CENT)
    return dict(dues)


def compare_contacts(xero_docs, odoo_dues, names, document_findings=(), partners=None):
    """Balances per contact. xero_docs: every open XeroDoc (any date); odoo_dues: {ContactID:
    Odoo's open items of the contact's partner, company currency, signed as xero_dues};
    names: {ContactID: name}; a contact whose document differs takes that document's reason."""
    xero = xero_dues(xero_docs)
    reason_of = {}
    docs = {d.xero_id: d for d in xero_docs}
    for finding in document_findings:
        doc = docs.get(finding.key)
        if doc and doc.contact_id:
            reason_of.setdefault(doc.contact_id, finding.reason)
    findings = []
    for contact_id in sorted(set(xero) | set(odoo_dues), key=lambda c: names.get(c, c)):
        odoo, theirs = odoo_dues.get(contact_id, ZERO), xero.get(contact_id, ZERO)
        difference = odoo - theirs
        if not difference:
            continue
        reason = "rounding" if _near(difference) else reason_of.get(contact_id, "different")
        findings.append(Finding("contacts", contact_id, names.get(contact_id, contact_id), odoo, theirs, reason,
                                refs={"partner_id": (partners or {}).get(contact_id)}))
    return findings


def xero_doc(record):
    """A checked Invoice or CreditNote record (sync.records) -> XeroDoc."""
    raw = record.raw or {}
    due = raw.get("AmountDue") if "AmountDue" in raw else raw.get("RemainingCredit")
    due_day = record.document_due_date
    return XeroDoc(
        xero_id=record.xero_id, kind=record.type, number=record.number, status=record.status,
        total=_money(record.total), due=_money(due), contact_id=record.contact.contact_id or "",
        contact_name=getattr(record.contact, "name", None) or "", rate=_money(record.currency_rate) or Decimal(1),
        updated=record.updated_date_utc, currency=record.currency_code or "",
        due_date=due_day.date() if isinstance(due_day, datetime) else due_day)


def _money(value):
    if value is None:
        return ZERO
    found = amount(str(value))
    return found if found is not None else ZERO
