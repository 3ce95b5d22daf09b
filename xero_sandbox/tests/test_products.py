"""Fixed assets and payroll settings (Xero's Assets and Payroll APIs), minimally: the answer
depends on the organisation's country, on what it uses, and on the token's scopes. Every reply
is held to its own contract file by the strict sandbox (the session fails on a violation), and
read back with Xero's own Python SDK."""

import json

import pytest
import requests

from xero_sandbox.contract import Contract
from xero_sandbox.tests.common import ALL_SCOPES, FIRM, KIWI, THAMES, WALLABY

OPTIONAL = ["assets.read", "payroll.settings.read"]
PATHS = {"assets": "/assets.xro/1.0/Settings", "AU": "/payroll.xro/1.0/Settings",
         "NZ": "/payroll.xro/2.0/Settings", "UK": "/payroll.xro/2.0/Settings"}


def get(sandbox, path, tenant, token):
    return requests.get(sandbox.url + path, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Xero-tenant-id": tenant, "Accept": "application/json"})


@pytest.fixture
def token(sandbox):
    sandbox.admin("POST", f"/__sandbox__/tenants/{THAMES}/products", json={"payroll": True})  # seeded without
    return sandbox.grant([WALLABY, KIWI, THAMES, FIRM], ALL_SCOPES + OPTIONAL)["access_token"]


def test_settings_of_each_country(sandbox, token):
    assets = get(sandbox, PATHS["assets"], WALLABY, token)
    assert assets.status_code == 200, assets.text
    assert assets.json()["assetNumberPrefix"] == "FA-"
    au = get(sandbox, PATHS["AU"], WALLABY, token)
    assert au.status_code == 200, au.text
    accounts = {a["Type"]: a["Code"] for a in au.json()["Settings"]["Accounts"]}
    assert accounts["WAGESEXPENSE"] == "477" and accounts["PAYGLIABILITY"] == "825"
    nz = get(sandbox, PATHS["NZ"], KIWI, token)
    assert nz.status_code == 200, nz.text
    assert {a["type"] for a in nz.json()["settings"]["accounts"]} >= {"BANK", "PAYELIABILITY"}
    uk = get(sandbox, PATHS["UK"], THAMES, token)
    assert uk.status_code == 200, uk.text
    assert "NICLIABILITY" in {a["type"] for a in uk.json()["settings"]["accounts"]}
    assert sandbox.violations() == []
    # the calls count against the organisation's limits like any other
    calls = sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})
    assert [c["path"] for c in calls] == [PATHS["assets"], PATHS["AU"]]
    assert assets.headers.get("X-DayLimit-Remaining")


def test_each_country_has_its_own_payroll_api(sandbox, token):
    assert get(sandbox, PATHS["NZ"], WALLABY, token).status_code == 403  # an AU organisation
    assert get(sandbox, PATHS["AU"], KIWI, token).status_code == 403  # a NZ organisation
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation", json={"CountryCode": "US"})
    for path in (PATHS["AU"], PATHS["UK"]):  # no Xero Payroll in the United States
        reply = get(sandbox, path, WALLABY, token)
        assert reply.status_code == 403
        assert reply.json()["Title"] == "Forbidden"
    assert get(sandbox, PATHS["assets"], WALLABY, token).status_code == 200  # fixed assets: any country


def test_without_payroll_or_fixed_assets(sandbox):
    state = sandbox.admin("GET", "/__sandbox__/state")
    uses = {t["id"]: t["products"] for t in state["tenants"]}
    assert uses == {FIRM: {"payroll": True, "assets": True}, WALLABY: {"payroll": True, "assets": True},
                    KIWI: {"payroll": True, "assets": False}, THAMES: {"payroll": False, "assets": True}}, "seeded"
    token = sandbox.grant([WALLABY, KIWI, THAMES, FIRM], ALL_SCOPES + OPTIONAL)["access_token"]
    assert get(sandbox, PATHS["UK"], THAMES, token).status_code == 403
    assert get(sandbox, PATHS["assets"], KIWI, token).status_code == 403
    assert sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/products",
                         json={"payroll": False}) == {"payroll": False, "assets": True}
    assert get(sandbox, PATHS["AU"], WALLABY, token).status_code == 403
    assert get(sandbox, PATHS["assets"], WALLABY, token).status_code == 200
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/products", json={"assets": False})
    assert get(sandbox, PATHS["assets"], WALLABY, token).status_code == 403
    assert get(sandbox, PATHS["AU"], FIRM, token).status_code == 200, "other organisations keep theirs"
    with pytest.raises(requests.HTTPError):
        sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/products", json={"hr": True})


def test_scopes(sandbox):
    plain = sandbox.grant([WALLABY], ALL_SCOPES)["access_token"]
    for path in (PATHS["assets"], PATHS["AU"]):
        reply = get(sandbox, path, WALLABY, plain)
        assert reply.status_code == 403
        assert reply.json()["Detail"] == "AuthorizationUnsuccessful"
    write = sandbox.grant([WALLABY], ["assets", "payroll.settings"])["access_token"]
    assert get(sandbox, PATHS["AU"], WALLABY, write).status_code == 200  # read-write covers reading
    assets_only = sandbox.grant([WALLABY], ["assets.read"])["access_token"]
    assert get(sandbox, PATHS["assets"], WALLABY, assets_only).status_code == 200
    assert get(sandbox, PATHS["AU"], WALLABY, assets_only).status_code == 403
    # no token, unknown paths, other methods
    assert requests.get(sandbox.url + PATHS["AU"], timeout=30).status_code == 401
    token = sandbox.grant([WALLABY], OPTIONAL)["access_token"]
    assert get(sandbox, "/payroll.xro/1.0/Employees", WALLABY, token).status_code == 404
    reply = requests.post(sandbox.url + PATHS["assets"], json={}, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY})
    assert reply.status_code == 405


def test_consent_page_offers_the_read_only_scopes(sandbox):
    from xero_sandbox.tests.common import consent

    query, _verifier = consent(sandbox, [WALLABY], scopes=("offline_access", "accounting.settings.read",
                                                          "assets.read", "payroll.settings.read"))
    assert "code" in query and query["scope"].endswith("payroll.settings.read")


# ---------------------------------------------------------------------- the contract files
JSON = {"Content-Type": "application/json; charset=utf-8"}
HEADERS = {"Xero-Tenant-Id": WALLABY, "Authorization": "Bearer x", "Accept": "application/json"}


def check(path, reply, region=None, status=200):
    return Contract.load().check("GET", path, "", HEADERS, b"", status, JSON, json.dumps(reply).encode(),
                                 payroll_region=region)


def test_each_reply_is_held_to_its_own_file():
    assert check(PATHS["assets"], {"assetNumberPrefix": "FA-", "assetStartDate": "2025-07-01"}) == []
    assert check(PATHS["assets"], {"assetNumberPrefix": 7})  # a number where the file says string
    assert check(PATHS["assets"], {"assetStartDate": "someday"})
    assert check(PATHS["AU"], {"Settings": {"Accounts": [{"Type": "WAGESEXPENSE"}]}}) == []
    assert check(PATHS["AU"], {"Settings": {"Accounts": [{"Type": "NICLIABILITY"}]}}), "a UK type"
    uk = {"settings": {"accounts": [{"type": "NICLIABILITY"}]}}
    assert check(PATHS["UK"], uk, "UK") == []
    assert check(PATHS["UK"], uk, "NZ"), "NZ's file has no national insurance"
    assert check(PATHS["UK"], uk) == [], "UK when the region is not given"
    assert check("/payroll.xro/2.0/Nothing", {}, "NZ")  # answered 200: not an operation of the file
    assert check(PATHS["AU"], {}, status=403) == []  # refusals are the sandbox tests' business
    assert Contract.load().covers("GET", "/assets.xro/1.0/Assets")


# ---------------------------------------------------------------------- Xero's SDK reads them
def test_xeros_sdk_reads_the_settings(sandbox, token):
    pytest.importorskip("xero_python")
    from xero_python.assets import AssetApi
    from xero_python.payrollau import PayrollAuApi
    from xero_python.payrollnz import PayrollNzApi
    from xero_python.payrolluk import PayrollUkApi

    from xero_sandbox.tests.test_sdk import Sdk, assert_read_alike

    sandbox.admin("POST", f"/__sandbox__/tenants/{KIWI}/products", json={"assets": True})
    sdk = Sdk(sandbox, tenants=(WALLABY, KIWI, THAMES), token=sandbox.grant(
        [WALLABY, KIWI, THAMES], ALL_SCOPES + OPTIONAL))
    access = sdk.token["access_token"]
    assets = AssetApi(sdk.client, base_url=sandbox.url + "/assets.xro/1.0").get_asset_settings(WALLABY)
    assert_read_alike(assets, get(sandbox, PATHS["assets"], WALLABY, access).json(), "Setting")
    assert str(assets.asset_start_date) == "2025-07-01"
    au = PayrollAuApi(sdk.client, base_url=sandbox.url + "/payroll.xro/1.0").get_settings(WALLABY)
    raw = get(sandbox, PATHS["AU"], WALLABY, access).json()
    assert_read_alike(au.settings, raw["Settings"], "Settings")
    nz = PayrollNzApi(sdk.client, base_url=sandbox.url + "/payroll.xro/2.0").get_settings(KIWI)
    assert_read_alike(nz.settings, get(sandbox, PATHS["NZ"], KIWI, access).json()["settings"], "settings")
    uk = PayrollUkApi(sdk.client, base_url=sandbox.url + "/payroll.xro/2.0").get_settings(THAMES)
    assert_read_alike(uk.settings, get(sandbox, PATHS["UK"], THAMES, access).json()["settings"], "settings")
    assert sandbox.violations() == []
