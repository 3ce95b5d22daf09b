"""Xero's Assets API and Payroll APIs, minimally: the settings each one starts with.

    GET /assets.xro/1.0/Settings     fixed asset settings (xero_assets.yaml)
    GET /payroll.xro/1.0/Settings    payroll settings of an Australian organisation (xero-payroll-au.yaml)
    GET /payroll.xro/2.0/Settings    payroll settings of a New Zealand or UK organisation
                                     (xero-payroll-nz.yaml / xero-payroll-uk.yaml: same path)

What Xero does, as the sandbox does it:
- a token without the scope (`assets` / `assets.read`, `payroll.settings` / `payroll.settings.read`)
  is refused with 403, as the Accounting API refuses one;
- each country has its own payroll API: an Australian organisation has the 1.0 API, a New Zealand
  or UK one (CountryCode NZ or GB) the 2.0 API; an organisation of any other country (e.g. US:
  Xero Payroll is not offered there) or of another region is refused with 403;
- an organisation that does not use Xero Payroll, or has not set up fixed assets, is refused with
  403 too (Xero answers no settings for a product the organisation does not have).
Whether an organisation uses payroll / fixed assets is a sandbox setting:
`POST /__sandbox__/tenants/{id}/products {"payroll": false, "assets": false}`.
"""

import uuid
from datetime import UTC, datetime

from .http import HTTPFailure, forbidden, json_response, not_allowed, problem

ASSETS_PREFIX = "/assets.xro/1.0"
PAYROLL_AU_PREFIX = "/payroll.xro/1.0"
PAYROLL_V2_PREFIX = "/payroll.xro/2.0"

# the payroll API of each country that has Xero Payroll
PAYROLL_PREFIX_OF = {"AU": PAYROLL_AU_PREFIX, "NZ": PAYROLL_V2_PREFIX, "GB": PAYROLL_V2_PREFIX}
PREFIXES = (ASSETS_PREFIX, PAYROLL_AU_PREFIX, PAYROLL_V2_PREFIX)
# each payroll API's settings: (account type, the seed chart's account code)
PAYROLL_ACCOUNTS = {
    "AU": [("BANK", "090"), ("WAGESEXPENSE", "477"), ("SUPERANNUATIONEXPENSE", "478"),
           ("PAYGLIABILITY", "825"), ("SUPERANNUATIONLIABILITY", "826")],
    "NZ": [("BANK", "090"), ("WAGESEXPENSE", "477"), ("PAYELIABILITY", "825"), ("WAGESPAYABLE", "801")],
    "GB": [("BANK", "090"), ("WAGESEXPENSE", "477"), ("PAYELIABILITY", "825"), ("NICLIABILITY", "826"),
           ("WAGESPAYABLE", "801")],
}


def payroll_region(country):
    """The payroll file of an organisation's country: "AU", "NZ", "UK", or None."""
    return {"AU": "AU", "NZ": "NZ", "GB": "UK"}.get((country or "").upper())


def prefix_of(path):
    lower = path.lower()
    return next((p for p in PREFIXES if lower.startswith(p.lower() + "/")), None)


class Products:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    # ------------------------------------------------------------------ settings of the sandbox
    def uses(self, tenant):
        """{"payroll": bool, "assets": bool}: what the organisation has (default: both, payroll
        only where Xero offers it)."""
        org = self.store.tenant(tenant)
        country = (org or {}).get("organisation", {}).get("CountryCode")
        found = self.store.get_meta(f"products:{tenant}") or {}
        return {"payroll": bool(found.get("payroll", country in PAYROLL_PREFIX_OF)),
                "assets": bool(found.get("assets", True))}

    def set_uses(self, tenant, **uses):
        unknown = set(uses) - {"payroll", "assets"}
        if unknown:
            raise ValueError(f"unknown products: {', '.join(sorted(unknown))}")
        current = self.uses(tenant)
        current.update({k: bool(v) for k, v in uses.items()})
        self.store.set_meta(f"products:{tenant}", current)
        return current

    # ------------------------------------------------------------------ the APIs
    def handle(self, request, tenant, grant, prefix, parts):
        if [p.lower() for p in parts] != ["settings"]:
            return problem(404, "NotFound", "The resource you're looking for cannot be found")
        if request.method != "GET":
            return not_allowed()
        org = self.store.tenant(tenant)["organisation"]
        if prefix == ASSETS_PREFIX:
            _require(grant, "assets")
            if not self.uses(tenant)["assets"]:
                return forbidden("Fixed assets are not set up for this organisation")
            return json_response(self._asset_settings(tenant))
        _require(grant, "payroll.settings")
        country = (org.get("CountryCode") or "").upper()
        if PAYROLL_PREFIX_OF.get(country, "").lower() != prefix.lower():
            return forbidden("This organisation has no Xero Payroll on this API")
        if not self.uses(tenant)["payroll"]:
            return forbidden("This organisation does not use Xero Payroll")
        return json_response(self._payroll_settings(tenant, country))

    def _accounts(self, tenant):
        return {a.get("Code"): a for a in self.store.all(tenant, "Accounts")}

    def _asset_settings(self, tenant):
        accounts = self._accounts(tenant)
        body = {"assetNumberPrefix": "FA-", "assetNumberSequence": "0007", "assetStartDate": "2025-07-01",
                "optInForTax": False}
        other = accounts.get("260")  # gains and losses on disposal: Other Revenue in the seed chart
        if other:
            body["defaultGainOnDisposalAccountId"] = other["AccountID"]
            body["defaultLossOnDisposalAccountId"] = other["AccountID"]
        return body

    def _payroll_settings(self, tenant, country):
        chart = self._accounts(tenant)
        rows = [(kind, chart[code]) for kind, code in PAYROLL_ACCOUNTS[country] if code in chart]
        now = datetime.fromtimestamp(self.store.now(), UTC)
        if country == "AU":  # the 1.0 API: PascalCase, the Accounting API's envelope
            millis = int(now.timestamp() * 1000)
            return {"Id": str(uuid.uuid4()), "Status": "OK", "ProviderName": self.app.app_name,
                    "DateTimeUTC": f"/Date({millis})/",
                    "Settings": {"Accounts": [{"AccountID": a["AccountID"], "Type": kind, "Code": a["Code"],
                                               "Name": a["Name"]} for kind, a in rows],
                                 "TrackingCategories": {}, "DaysInPayrollYear": 364, "EmployeesAreSTP2": True}}
        return {"id": str(uuid.uuid4()), "providerName": self.app.app_name,
                "dateTimeUTC": now.strftime("%Y-%m-%dT%H:%M:%S.%f"), "httpStatusCode": "OK",
                "settings": {"accounts": [{"accountID": a["AccountID"], "type": kind, "code": a["Code"],
                                           "name": a["Name"]} for kind, a in rows]}}


def _require(grant, scope):
    if not {scope, scope + ".read"} & grant["scopes"]:
        raise HTTPFailure(forbidden())
