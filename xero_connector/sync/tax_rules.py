"""Xero TaxType -> the Odoo tax of the same meaning in Odoo's chart for that country.

Xero's tax types differ by country (AU GST 10%, NZ GST 15%, UK VAT 20%/5%/0%/exempt) and
several Odoo taxes share a rate, so the rate alone cannot tell "GST Free" from "Export".
Values are the xmlid suffixes of Odoo 18's l10n_au / l10n_nz / l10n_uk chart templates,
(sales tax, purchase tax); None where that side does not apply. Anything not listed falls
back to matching by rate and name.

Publishing reads the mapping backwards (`publish_types`), and backwards must be a function:
where several Xero rates share one Odoo tax (NZ's No GST and Zero Rated on Odoo's 0% export
tax), the rate chosen to be sent answers, and until someone chooses, nobody does.
"""

from typing import NamedTuple

TAX_RULES = {
    "AU": {
        "OUTPUT": ("au_tax_sale_10", None),                        # GST on Income 10%
        "INPUT": (None, "au_tax_purchase_10_service"),             # GST on Expenses 10%
        "CAPEXINPUT": (None, "au_tax_purchase_capital_service"),   # GST on Capital 10%
        "EXEMPTOUTPUT": ("au_tax_sale_exempt", None),              # GST Free Income
        "EXEMPTEXPENSES": (None, "au_tax_purchase_0_service"),     # GST Free Expenses
        "EXEMPTEXPORT": ("au_tax_sale_0", None),                   # GST Free Exports
        "INPUTTAXED": ("au_tax_sale_input", "au_tax_purchase_input_service"),
        "GSTONIMPORTS": (None, "au_tax_purchase_gst_only_service"),
    },
    "NZ": {
        "OUTPUT2": ("nz_tax_sale_15", None),                       # GST on Income 15%
        "INPUT2": (None, "nz_tax_purchase_15"),                    # GST on Expenses 15%
        "ZERORATED": ("nz_tax_sale_0", "nz_tax_purchase_0"),       # Zero Rated
        "GSTONIMPORTS": (None, "nz_tax_purchase_gst_only"),
    },
    "GB": {
        "OUTPUT2": ("ST11", None),                                 # 20% (VAT on Income)
        "INPUT2": (None, "PT_20_G"),                               # 20% (VAT on Expenses)
        "RROUTPUT": ("ST5", None),                                 # 5% (VAT on Income)
        "RRINPUT": (None, "PT5"),                                  # 5% (VAT on Expenses)
        "ZERORATEDOUTPUT": ("ST0", None),                          # Zero Rated Income
        "ZERORATEDINPUT": (None, "PT_0_EX"),                       # Zero Rated Expenses
        "EXEMPTOUTPUT": ("ST2", None),                             # Exempt Income
        "EXEMPTINPUT": (None, "PT2"),                              # Exempt Expenses
        "ECZROUTPUT": ("ST4", None),                               # Zero Rated EC Goods Income
        "ECZRINPUT": (None, "PT7"),                                # Zero Rated EC Expenses
        "REVERSECHARGES": (None, "PT_20_RCD"),                     # Reverse Charge Expenses
    },
}
TAX_RULES["UK"] = TAX_RULES["GB"]


def odoo_tax_suffix(country_code, tax_type, use):
    """The xmlid suffix of the Odoo tax for this Xero tax type, or None."""
    pair = TAX_RULES.get((country_code or "").upper(), {}).get(tax_type)
    if not pair:
        return None
    return pair[0] if use == "sale" else pair[1]


# ---------------------------------------------------------------------------- publishing
class RateRow(NamedTuple):
    """One Xero tax rate's mapping, as publishing reads it: the Odoo tax of each side and
    whether it is the rate publishing sends for that tax ("send this one")."""

    tax_type: str
    active: bool
    sale_tax: int | None
    purchase_tax: int | None
    send_sale: bool = False
    send_purchase: bool = False


class PublishMap(NamedTuple):
    """The reverse of the tax mapping: one Xero tax type per Odoo tax, or none yet.

    types: {Odoo tax id: Xero tax type} (the one answer);
    undecided: {Odoo tax id: [Xero tax types]} where several Xero rates map to the tax and
    nobody chose which one publishing sends (documents using it are held, never guessed);
    shared: {Odoo tax id: [Xero tax types]} every tax several Xero rates map to, decided or not.
    """

    types: dict
    undecided: dict
    shared: dict


def publish_types(rates, chart=None):
    """{Odoo tax: Xero tax type} for publishing, one answer per Odoo tax (a PublishMap).

    rates: RateRow of every Xero tax rate of one organisation; chart: {Odoo tax id: Xero tax
    type} of the country's chart (TAX_RULES), used for Odoo taxes no rate maps. Active rates
    are preferred to archived ones (Xero refuses an archived type on a new document); among
    several active rates mapping one tax, the one chosen to be sent answers, else nobody does.
    Pure, and independent of the order of `rates`.
    """
    candidates = {}  # tax -> {tax type: (active, chosen)}
    for row in rates:
        for tax, chosen in ((row.sale_tax, row.send_sale), (row.purchase_tax, row.send_purchase)):
            if not tax:
                continue
            seen = candidates.setdefault(tax, {}).get(row.tax_type, (False, False))
            candidates[tax][row.tax_type] = (bool(row.active), seen[1] or bool(chosen))
    types, undecided, shared = {}, {}, {}
    for tax, found in candidates.items():
        pool = {t: c for t, (active, c) in found.items() if active} or {t: c for t, (_a, c) in found.items()}
        if len(pool) == 1:
            types[tax] = next(iter(pool))
            continue
        shared[tax] = sorted(pool)
        chosen = [t for t, c in pool.items() if c]
        if len(chosen) == 1:
            types[tax] = chosen[0]
        else:
            undecided[tax] = sorted(pool)
    for tax, tax_type in (chart or {}).items():
        if tax not in candidates:
            types[tax] = tax_type
    return PublishMap(types, undecided, shared)
