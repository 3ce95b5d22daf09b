"""Seed data of the local Xero sandbox: a firm and three client organisations (AU, NZ, GB).
The firm and Wallaby use Xero Payroll and fixed assets; Kiwi has no fixed assets, Thames no
Xero Payroll (see xero_sandbox/products.py).

The businesses, people and numbers are fictitious. Charts of accounts follow Xero's default
chart for each country; tax types are Xero's own codes per country (the connector maps
them). Each organisation has one archived account, one archived tracking option and one
archived contact, and two contacts share an e-mail address (an ambiguous match).
"""


def acc(code, name, type_, tax, status="ACTIVE", description="", **extra):
    return {"Code": code, "Name": name, "Type": type_, "TaxType": tax, "Description": description,
            "Status": status, **extra}


def tax(name, tax_type, rate, report, revenue=True, expenses=True, component="GST"):
    return {"Name": name, "TaxType": tax_type, "EffectiveRate": rate, "DisplayTaxRate": rate, "Status": "ACTIVE",
            "CanApplyToAssets": expenses, "CanApplyToEquity": expenses, "CanApplyToExpenses": expenses,
            "CanApplyToLiabilities": expenses, "CanApplyToRevenue": revenue, "ReportTaxType": report,
            "TaxComponents": [{"Name": component, "Rate": rate, "IsCompound": False, "IsNonRecoverable": False}]}


def contact(name, first, last, email, city, region, postcode, country, customer=True, supplier=False,
            tax_number="", number="", currency=None, status="ACTIVE", phone=("", "", "")):
    record = {"Name": name, "FirstName": first, "LastName": last, "EmailAddress": email, "TaxNumber": tax_number,
              "AccountNumber": number, "IsCustomer": customer, "IsSupplier": supplier, "ContactStatus": status,
              "Address": {"AddressLine1": f"{10 + len(name)} {last} Street", "City": city, "Region": region,
                          "PostalCode": postcode, "Country": country},
              "Phone": {"PhoneCountryCode": phone[0], "PhoneAreaCode": phone[1], "PhoneNumber": phone[2]}}
    if currency:
        record["DefaultCurrency"] = currency
    return record


def _chart(none, sales, purchase, capital, names=None):
    """Xero's default chart shape; `names` renames accounts per country."""
    names = names or {}
    rows = [
        ("090", "Business Bank Account", "BANK", none), ("091", "Business Savings Account", "BANK", none),
        ("200", "Sales", "REVENUE", sales), ("260", "Other Revenue", "REVENUE", sales),
        ("270", "Interest Income", "REVENUE", none), ("310", "Cost of Goods Sold", "DIRECTCOSTS", purchase),
        ("400", "Advertising", "OVERHEADS", purchase), ("404", "Bank Fees", "OVERHEADS", none),
        ("408", "Cleaning", "OVERHEADS", purchase), ("412", "Consulting & Accounting", "OVERHEADS", purchase),
        ("416", "Depreciation", "DEPRECIATN", none), ("420", "Entertainment", "OVERHEADS", none),
        ("425", "Freight & Courier", "OVERHEADS", purchase), ("429", "General Expenses", "OVERHEADS", purchase),
        ("433", "Insurance", "OVERHEADS", purchase), ("437", "Interest Expense", "OVERHEADS", none),
        ("441", "Legal expenses", "OVERHEADS", purchase), ("445", "Light, Power, Heating", "OVERHEADS", purchase),
        ("449", "Motor Vehicle Expenses", "OVERHEADS", purchase), ("453", "Office Expenses", "OVERHEADS", purchase),
        ("461", "Printing & Stationery", "OVERHEADS", purchase), ("469", "Rent", "OVERHEADS", purchase),
        ("473", "Repairs and Maintenance", "OVERHEADS", purchase), ("477", "Wages and Salaries", "EXPENSE", none),
        ("478", "Superannuation", "EXPENSE", none), ("485", "Subscriptions", "OVERHEADS", purchase),
        ("489", "Telephone & Internet", "OVERHEADS", purchase), ("493", "Travel - National", "OVERHEADS", purchase),
        ("610", "Accounts Receivable", "CURRENT", none), ("620", "Prepayments", "CURRENT", none),
        ("630", "Inventory", "INVENTORY", none), ("710", "Office Equipment", "FIXED", capital),
        ("711", "Less Accumulated Depreciation on Office Equipment", "FIXED", none),
        ("720", "Computer Equipment", "FIXED", capital),
        ("721", "Less Accumulated Depreciation on Computer Equipment", "FIXED", none),
        ("800", "Accounts Payable", "CURRLIAB", none), ("801", "Unpaid Expense Claims", "CURRLIAB", none),
        ("820", "GST", "CURRLIAB", none), ("825", "PAYG Withholdings Payable", "CURRLIAB", none),
        ("826", "Superannuation Payable", "CURRLIAB", none), ("840", "Historical Adjustment", "CURRLIAB", none),
        ("860", "Rounding", "CURRLIAB", none), ("877", "Tracking Transfers", "CURRLIAB", none),
        ("900", "Loan", "TERMLIAB", none), ("960", "Retained Earnings", "EQUITY", none),
        ("970", "Owner A Funds Introduced", "EQUITY", none), ("980", "Owner A Drawings", "EQUITY", none),
    ]
    accounts = []
    for code, default_name, type_, tax_type in rows:
        name = names.get(code, default_name)
        extra = {"BankAccountNumber": f"{code}-000-{len(name):04d}"} if type_ == "BANK" else {}
        accounts.append(acc(code, name, type_, tax_type, **extra))
    accounts.append(acc("494", "Travel - International", "OVERHEADS", none, status="ARCHIVED",
                        description="No longer used: travel is booked to 493."))
    return accounts


AU_TAXES = [
    tax("GST on Income", "OUTPUT", 10.0, "OUTPUT", expenses=False),
    tax("GST on Expenses", "INPUT", 10.0, "INPUT", revenue=False),
    tax("GST on Capital", "CAPEXINPUT", 10.0, "CAPEXINPUT", revenue=False),
    tax("GST Free Income", "EXEMPTOUTPUT", 0.0, "EXEMPTOUTPUT", expenses=False),
    tax("GST Free Expenses", "EXEMPTEXPENSES", 0.0, "EXEMPTEXPENSES", revenue=False),
    tax("GST Free Exports", "EXEMPTEXPORT", 0.0, "EXEMPTEXPORT", expenses=False),
    tax("Input Taxed", "INPUTTAXED", 0.0, "INPUTTAXED"),
    tax("GST on Imports", "GSTONIMPORTS", 0.0, "GSTONIMPORTS", revenue=False),
    tax("BAS Excluded", "BASEXCLUDED", 0.0, "BASEXCLUDED"),
]
NZ_TAXES = [
    tax("GST on Income", "OUTPUT2", 15.0, "OUTPUT", expenses=False),
    tax("GST on Expenses", "INPUT2", 15.0, "INPUT", revenue=False),
    tax("Zero Rated", "ZERORATED", 0.0, "NONE"),
    tax("GST on Imports", "GSTONIMPORTS", 0.0, "GSTONIMPORTS", revenue=False),
    tax("No GST", "NONE", 0.0, "NONE"),
]
GB_TAXES = [
    tax("20% (VAT on Income)", "OUTPUT2", 20.0, "OUTPUT", expenses=False, component="VAT"),
    tax("20% (VAT on Expenses)", "INPUT2", 20.0, "INPUT", revenue=False, component="VAT"),
    tax("5% (VAT on Income)", "RROUTPUT", 5.0, "OUTPUT", expenses=False, component="VAT"),
    tax("5% (VAT on Expenses)", "RRINPUT", 5.0, "INPUT", revenue=False, component="VAT"),
    tax("Zero Rated Income", "ZERORATEDOUTPUT", 0.0, "OUTPUT", expenses=False, component="VAT"),
    tax("Zero Rated Expenses", "ZERORATEDINPUT", 0.0, "INPUT", revenue=False, component="VAT"),
    tax("Exempt Income", "EXEMPTOUTPUT", 0.0, "NONE", expenses=False, component="VAT"),
    tax("Exempt Expenses", "EXEMPTINPUT", 0.0, "NONE", revenue=False, component="VAT"),
    tax("Zero Rated EC Goods Income", "ECZROUTPUT", 0.0, "ECOUTPUT", expenses=False, component="VAT"),
    tax("Zero Rated EC Expenses", "ECZRINPUT", 0.0, "ECINPUT", revenue=False, component="VAT"),
    tax("Reverse Charge Expenses (20%)", "REVERSECHARGES", 20.0, "INPUT", revenue=False, component="VAT"),
    tax("No VAT", "NONE", 0.0, "NONE", component="VAT"),
]

AU_CHART = _chart("BASEXCLUDED", "OUTPUT", "INPUT", "CAPEXINPUT")
NZ_CHART = _chart("NONE", "OUTPUT2", "INPUT2", "INPUT2", {
    "478": "KiwiSaver Employer Contributions", "825": "PAYE Payable", "826": "KiwiSaver Payable"})
GB_CHART = _chart("NONE", "OUTPUT2", "INPUT2", "INPUT2", {
    "400": "Advertising & Marketing", "412": "Consulting", "420": "Entertainment-100% business",
    "425": "Postage, Freight & Courier", "477": "Salaries", "478": "Employers National Insurance",
    "820": "VAT", "825": "PAYE Payable", "826": "NIC Payable", "970": "Owners Capital", "980": "Owners Drawings"})
FIRM_CHART = AU_CHART + [acc("210", "Fees Income", "REVENUE", "OUTPUT", description="Accounting and tax fees")]

ORGANISATIONS = [
    {
        "key": "firm", "name": "Demo Accounting Firm", "legal_name": "Demo Accounting Firm Pty Ltd",
        "country": "AU", "currency": "AUD", "short_code": "!dAf01", "timezone": "AUSEASTERNSTANDARDTIME",
        "organisation_type": "COMPANY", "tax_number": "53 004 085 616", "financial_year_end": (30, 6),
        "extra_currencies": ["NZD"], "accounts": FIRM_CHART, "tax_rates": AU_TAXES,
        "tracking": [
            {"Name": "Service Line", "Status": "ACTIVE",
             "Options": [("Tax", "ACTIVE"), ("Audit", "ACTIVE"), ("Advisory", "ACTIVE"), ("Payroll", "ARCHIVED")]},
            {"Name": "Office", "Status": "ACTIVE", "Options": [("Sydney", "ACTIVE"), ("Melbourne", "ACTIVE")]},
            {"Name": "Old Offices", "Status": "ARCHIVED",
             "Options": [("Parramatta", "ARCHIVED"), ("Geelong", "ARCHIVED")]},
        ],
        "contacts": [
            contact("Kiwi Garden Supplies Ltd", "Aroha", "Ngata", "accounts@kiwigarden.example.nz", "Auckland",
                    "Auckland", "1010", "NZ", number="CUST-001", currency="NZD"),
            contact("Wallaby Wholesale Pty Ltd", "Jack", "Morrison", "finance@wallaby.example.com.au", "Sydney",
                    "NSW", "2000", "AU", tax_number="51 824 753 556", number="CUST-002"),
            contact("Harbour Cafe Pty Ltd", "Mia", "Nguyen", "mia@harbourcafe.example.com.au", "Sydney", "NSW",
                    "2060", "AU", number="CUST-003"),
            contact("Brunswick Design Studio", "Oliver", "Papadopoulos", "oliver@brunswickdesign.example.com.au",
                    "Melbourne", "VIC", "3056", "AU", number="CUST-004"),
            contact("Coastal Physio Group", "Charlotte", "Evans", "admin@coastalphysio.example.com.au", "Brisbane",
                    "QLD", "4000", "AU", number="CUST-005"),
            contact("Thames Consulting Ltd", "Harriet", "Cole", "harriet@thamesconsulting.example.co.uk", "London",
                    "Greater London", "EC1A 1BB", "GB", number="CUST-006"),
            contact("Office Supplies Direct", "Sam", "Taylor", "orders@osd.example.com.au", "Sydney", "NSW",
                    "2015", "AU", customer=False, supplier=True, number="SUPP-001"),
            contact("CloudLedger Software", "Priya", "Sharma", "billing@cloudledger.example.com", "Melbourne",
                    "VIC", "3000", "AU", customer=False, supplier=True, number="SUPP-002"),
            contact("Metro Office Leasing", "Greg", "Hall", "leasing@metrooffice.example.com.au", "Sydney", "NSW",
                    "2000", "AU", customer=False, supplier=True, number="SUPP-003"),
            contact("Telstra Business (demo)", "Accounts", "Team", "billing@telco.example.com.au", "Melbourne",
                    "VIC", "3000", "AU", customer=False, supplier=True, number="SUPP-004"),
            contact("Former Client Pty Ltd", "Ann", "Old", "ann@formerclient.example.com.au", "Perth", "WA", "6000",
                    "AU", number="CUST-099", status="ARCHIVED"),
        ],
    },
    {
        "key": "kiwi", "name": "Kiwi Garden Supplies", "legal_name": "Kiwi Garden Supplies Limited",
        "country": "NZ", "currency": "NZD", "short_code": "!kGs42", "timezone": "NEWZEALANDSTANDARDTIME",
        "organisation_type": "COMPANY", "tax_number": "123-456-789", "financial_year_end": (31, 3),
        "extra_currencies": ["AUD", "USD"], "accounts": NZ_CHART, "tax_rates": NZ_TAXES,
        "products": {"assets": False},  # uses Xero Payroll, has not set up fixed assets
        "tracking": [
            {"Name": "Region", "Status": "ACTIVE",
             "Options": [("North", "ACTIVE"), ("South", "ACTIVE"), ("Central", "ACTIVE"), ("Export", "ARCHIVED")]},
            {"Name": "Product Line", "Status": "ACTIVE",
             "Options": [("Seeds", "ACTIVE"), ("Tools", "ACTIVE"), ("Plants", "ACTIVE"), ("Gifts", "ARCHIVED")]},
        ],
        "contacts": [
            contact("Ponsonby Garden Centre", "Tama", "Walker", "tama@ponsonbygarden.example.nz", "Auckland",
                    "Auckland", "1011", "NZ", number="CUST-001", tax_number="111-222-333",
                    phone=("64", "9", "3601234")),
            contact("Wellington Landscapes Ltd", "Sophie", "Wilson", "sophie@wgtnlandscapes.example.nz",
                    "Wellington", "Wellington", "6011", "NZ", number="CUST-002"),
            contact("Canterbury Growers Co-op", "Liam", "Thompson", "accounts@cantgrowers.example.nz",
                    "Christchurch", "Canterbury", "8011", "NZ", number="CUST-003"),
            contact("Hamilton Home & Garden", "Ella", "Brown", "ella@hamiltonhg.example.nz", "Hamilton", "Waikato",
                    "3204", "NZ", number="CUST-004"),
            contact("Hamilton Garden Club", "Ella", "Brown", "ella@hamiltonhg.example.nz", "Hamilton", "Waikato",
                    "3204", "NZ", number="CUST-005"),
            contact("Sydney Plant Traders Pty Ltd", "Noah", "Kelly", "noah@sydneyplants.example.com.au", "Sydney",
                    "NSW", "2000", "AU", number="CUST-006", currency="AUD"),
            contact("Pacific Seeds Export Inc", "Grace", "Lee", "grace@pacificseeds.example.com", "San Francisco",
                    "CA", "94105", "US", number="CUST-007", currency="USD"),
            contact("Otago Soil & Compost", "Hemi", "Parata", "hemi@otagosoil.example.nz", "Dunedin", "Otago", "9016",
                    "NZ", customer=False, supplier=True, number="SUPP-001", tax_number="987-654-321"),
            contact("Bay of Plenty Nurseries", "Ruby", "Martin", "ruby@bopnurseries.example.nz", "Tauranga",
                    "Bay of Plenty", "3110", "NZ", customer=False, supplier=True, number="SUPP-002"),
            contact("Kiwi Freight Services", "Jacob", "Clark", "billing@kiwifreight.example.nz", "Auckland",
                    "Auckland", "2022", "NZ", customer=False, supplier=True, number="SUPP-003"),
            contact("Garden Tools Wholesale NZ", "Olivia", "Scott", "olivia@gtwnz.example.nz", "Palmerston North",
                    "Manawatu", "4410", "NZ", customer=True, supplier=True, number="BOTH-001"),
            contact("Closed Nursery Ltd", "Old", "Owner", "owner@closednursery.example.nz", "Nelson", "Nelson",
                    "7010", "NZ", number="CUST-098", status="ARCHIVED"),
        ],
    },
    {
        "key": "wallaby", "name": "Wallaby Wholesale Pty", "legal_name": "Wallaby Wholesale Pty Ltd",
        "country": "AU", "currency": "AUD", "short_code": "!wWh77", "timezone": "AUSEASTERNSTANDARDTIME",
        "organisation_type": "COMPANY", "tax_number": "51 824 753 556", "financial_year_end": (30, 6),
        "extra_currencies": ["NZD", "USD"], "accounts": AU_CHART, "tax_rates": AU_TAXES,
        "tracking": [
            {"Name": "State", "Status": "ACTIVE",
             "Options": [("NSW", "ACTIVE"), ("VIC", "ACTIVE"), ("QLD", "ACTIVE"), ("WA", "ARCHIVED")]},
            {"Name": "Channel", "Status": "ACTIVE",
             "Options": [("Retail", "ACTIVE"), ("Online", "ACTIVE"), ("Trade", "ACTIVE"), ("Markets", "ARCHIVED")]},
        ],
        "contacts": [
            contact("Bondi Corner Store", "Lucas", "Rossi", "lucas@bondicorner.example.com.au", "Sydney", "NSW",
                    "2026", "AU", number="CUST-001", tax_number="12 345 678 901", phone=("61", "2", "93001234")),
            contact("Fitzroy Grocer", "Isla", "Murphy", "isla@fitzroygrocer.example.com.au", "Melbourne", "VIC",
                    "3065", "AU", number="CUST-002"),
            contact("Gold Coast Surf Supplies", "Cooper", "White", "cooper@gcsurf.example.com.au", "Gold Coast",
                    "QLD", "4217", "AU", number="CUST-003"),
            contact("Adelaide Hills Provisions", "Zoe", "King", "zoe@ahprovisions.example.com.au", "Adelaide", "SA",
                    "5000", "AU", number="CUST-004"),
            contact("Parramatta Pantry", "Ethan", "Tran", "orders@parrapantry.example.com.au", "Parramatta", "NSW",
                    "2150", "AU", number="CUST-005"),
            contact("Parramatta Pantry Catering", "Ethan", "Tran", "orders@parrapantry.example.com.au", "Parramatta",
                    "NSW", "2150", "AU", number="CUST-006"),
            contact("Auckland Imports Ltd", "Aria", "Hughes", "aria@aklimports.example.nz", "Auckland", "Auckland",
                    "1010", "NZ", number="CUST-007", currency="NZD"),
            contact("Sunshine Coast Packaging", "Max", "Green", "accounts@scpackaging.example.com.au", "Maroochydore",
                    "QLD", "4558", "AU", customer=False, supplier=True, number="SUPP-001", tax_number="98 765 432 109"),
            contact("Riverina Produce Co", "Chloe", "Baker", "chloe@riverinaproduce.example.com.au", "Wagga Wagga",
                    "NSW", "2650", "AU", customer=False, supplier=True, number="SUPP-002"),
            contact("Southern Cross Logistics", "Jack", "Adams", "billing@sclogistics.example.com.au", "Melbourne",
                    "VIC", "3000", "AU", customer=False, supplier=True, number="SUPP-003"),
            contact("Outback Bottling Pty Ltd", "Ava", "Hill", "ava@outbackbottling.example.com.au", "Darwin", "NT",
                    "0800", "AU", customer=True, supplier=True, number="BOTH-001"),
            contact("Old Warehouse Tenant", "Former", "Tenant", "former@oldwarehouse.example.com.au", "Hobart", "TAS",
                    "7000", "AU", number="CUST-097", status="ARCHIVED"),
        ],
    },
    {
        "key": "thames", "name": "Thames Consulting Ltd", "legal_name": "Thames Consulting Limited",
        "country": "GB", "currency": "GBP", "short_code": "!tCl09", "timezone": "GMTSTANDARDTIME",
        "organisation_type": "COMPANY", "tax_number": "GB123456789", "financial_year_end": (31, 3),
        "extra_currencies": ["EUR", "USD"], "accounts": GB_CHART, "tax_rates": GB_TAXES,
        "products": {"payroll": False},  # pays its staff through an outside bureau, not Xero Payroll
        "tracking": [
            {"Name": "Practice Area", "Status": "ACTIVE",
             "Options": [("Strategy", "ACTIVE"), ("Technology", "ACTIVE"), ("People", "ACTIVE"),
                         ("Legacy", "ARCHIVED")]},
            {"Name": "Engagement Partner", "Status": "ACTIVE",
             "Options": [("H. Cole", "ACTIVE"), ("R. Patel", "ACTIVE"), ("J. Evans", "ARCHIVED")]},
        ],
        "contacts": [
            contact("Southbank Media Group", "Olivia", "Bennett", "olivia@southbankmedia.example.co.uk", "London",
                    "Greater London", "SE1 9PX", "GB", number="CUST-001", tax_number="GB987654321",
                    phone=("44", "20", "79460000")),
            contact("Manchester Robotics Ltd", "George", "Walsh", "george@mcrrobotics.example.co.uk", "Manchester",
                    "Greater Manchester", "M1 1AE", "GB", number="CUST-002"),
            contact("Bristol Harbour Hotels", "Amelia", "Price", "amelia@bristolharbour.example.co.uk", "Bristol",
                    "Bristol", "BS1 4QA", "GB", number="CUST-003"),
            contact("Leeds Digital Agency", "Harry", "Wood", "harry@leedsdigital.example.co.uk", "Leeds",
                    "West Yorkshire", "LS1 4AP", "GB", number="CUST-004"),
            contact("Leeds Digital Training", "Harry", "Wood", "harry@leedsdigital.example.co.uk", "Leeds",
                    "West Yorkshire", "LS1 4AP", "GB", number="CUST-005"),
            contact("Amsterdam Data BV", "Daan", "de Vries", "daan@amsterdamdata.example.nl", "Amsterdam",
                    "Noord-Holland", "1012 JS", "NL", number="CUST-006", currency="EUR"),
            contact("Boston Analytics Inc", "Emily", "Carter", "emily@bostonanalytics.example.com", "Boston", "MA",
                    "02108", "US", number="CUST-007", currency="USD"),
            contact("City Serviced Offices", "Jack", "Turner", "billing@cityoffices.example.co.uk", "London",
                    "Greater London", "EC2M 4NS", "GB", customer=False, supplier=True, number="SUPP-001"),
            contact("Northern Rail Travel Desk", "Lily", "Moore", "travel@northernrail.example.co.uk", "York",
                    "North Yorkshire", "YO1 6GA", "GB", customer=False, supplier=True, number="SUPP-002"),
            contact("Cloud Hosting UK", "Ravi", "Patel", "accounts@cloudhosting.example.co.uk", "Reading",
                    "Berkshire", "RG1 1AX", "GB", customer=False, supplier=True, number="SUPP-003"),
            contact("Oxford Research Partners", "Sophia", "Hughes", "sophia@oxfordresearch.example.co.uk", "Oxford",
                    "Oxfordshire", "OX1 2JD", "GB", customer=True, supplier=True, number="BOTH-001"),
            contact("Dissolved Client Ltd", "Ex", "Client", "ex@dissolved.example.co.uk", "Cardiff", "Wales",
                    "CF10 1EP", "GB", number="CUST-096", status="ARCHIVED"),
        ],
    },
]


# What the demo adds to the organisations' books (`seed.catalogue`, POST /__sandbox__/catalogue):
# items (code, name, sale price, purchase price; "inventory": tracked in Xero, with 630/310) and
# contact groups with their members' names. Not in the default seed: tests count what they add.
def item(code, name, sale, purchase=None, inventory=False, description=""):
    return {"Code": code, "Name": name, "Description": description or name, "sale": sale, "purchase": purchase,
            "inventory": inventory}


CATALOGUE = {
    "firm": {
        "items": [item("TAX-RETURN", "Company tax return", 1450.0, description="Annual company tax return"),
                  item("BAS-Q", "Quarterly BAS", 380.0, description="Business activity statement, one quarter"),
                  item("BOOKS-HR", "Bookkeeping (hour)", 95.0, 40.0)],
        "groups": {"Monthly bookkeeping": ["Harbour Cafe Pty Ltd", "Brunswick Design Studio"],
                   "Tax clients": ["Kiwi Garden Supplies Ltd", "Wallaby Wholesale Pty Ltd", "Thames Consulting Ltd"]},
    },
    "kiwi": {
        "items": [item("SPADE-S", "Stainless spade", 59.9, 24.5), item("SEED-TOM", "Tomato seed pack", 4.5, 1.2),
                  item("COMPOST-40", "Compost 40 L bag", 14.95, 6.1, inventory=True),
                  item("DELIVERY", "Local delivery", 25.0)],
        "groups": {"Garden centres": ["Ponsonby Garden Centre", "Hamilton Home & Garden", "Bay of Plenty Nurseries"],
                   "Landscapers": ["Wellington Landscapes Ltd"]},
    },
    "wallaby": {
        "items": [item("OIL-5L", "Olive oil 5 L", 42.0, 27.5, inventory=True),
                  item("RICE-10", "Jasmine rice 10 kg", 24.0, 15.2, inventory=True),
                  item("CRATE-HIRE", "Crate hire (week)", 8.0), item("FREIGHT", "Freight", 35.0, 22.0)],
        "groups": {"Cafes and grocers": ["Bondi Corner Store", "Fitzroy Grocer", "Parramatta Pantry"],
                   "Carriers": ["Southern Cross Logistics"]},
    },
    "thames": {
        "items": [item("CONSULT-DAY", "Consulting day", 950.0), item("WORKSHOP", "Half-day workshop", 1800.0),
                  item("TRAVEL", "Travel (at cost)", 0.0, 0.0)],
        "groups": {"Retainer clients": ["Manchester Robotics Ltd", "Bristol Harbour Hotels"],
                   "Overseas": ["Amsterdam Data BV", "Boston Analytics Inc"]},
    },
}
