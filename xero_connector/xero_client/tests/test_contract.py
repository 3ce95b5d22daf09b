"""Every request the client sends to the Accounting API, checked against Xero's OpenAPI
contract (contracts/xero-openapi/xero_accounting.yaml) with openapi-core."""

import warnings
from datetime import datetime
from pathlib import Path

import pytest
import requests

from xero_client import XeroClient, XeroConfig
from xero_client.tests.fakes import TENANT, FakeAdapter, Reply, session_with

yaml = pytest.importorskip("yaml")
openapi_core = pytest.importorskip("openapi_core")
from openapi_core.contrib.requests import RequestsOpenAPIRequest  # noqa: E402

CONTRACT = Path(__file__).resolve().parents[3] / "contracts" / "xero-openapi" / "xero_accounting.yaml"


def _fix_string_booleans(node):
    """The published file writes some boolean defaults/examples as strings (see its README)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("default", "example") and value in ("true", "false"):
                node[key] = value == "true"
            else:
                _fix_string_booleans(value)
    elif isinstance(node, list):
        for value in node:
            _fix_string_booleans(value)


@pytest.fixture(scope="module")
def contract():
    if not CONTRACT.exists():
        pytest.skip(f"contract missing: {CONTRACT}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with CONTRACT.open() as handle:
        spec = yaml.load(handle, Loader=loader)  # noqa: S506 (a safe loader)
    _fix_string_booleans(spec)
    return openapi_core.OpenAPI.from_dict(spec)


def journal(n):
    return {
        "Narration": f"MISC/2026/000{n} ref [odoo:tok-{n}]",
        "Date": "2026-03-31",
        "Status": "POSTED",
        "LineAmountTypes": "NoTax",
        "JournalLines": [
            {"LineAmount": 100.0, "AccountCode": "200", "Description": "Sales",
             "TaxType": "OUTPUT", "Tracking": [{"Name": "Region", "Option": "North"}]},
            {"LineAmount": -100.0, "AccountCode": "610", "Description": "Receivable"},
        ],
    }


def test_client_requests_match_contract(contract):
    seen = []

    def handler(sent):
        seen.append(sent)
        if sent.path.endswith("/ManualJournals") and sent.method == "PUT":
            body = sent.json()
            return Reply(200, {"ManualJournals": [dict(j, ManualJournalID=f"m{i}")
                                                  for i, j in enumerate(body["ManualJournals"])]})
        collection = sent.path.rsplit("/", 1)[-1]
        key = "Organisations" if collection == "Organisation" else collection
        return Reply(200, {key: [{"Name": "x"}]})

    client = XeroClient(XeroConfig(client_id="id"), TENANT, "token",
                        session=session_with(FakeAdapter(handler)))
    list(client.iter_pages("Invoices", params={"Statuses": "AUTHORISED,PAID"},
                           modified_since=datetime(2026, 3, 1, 8, 30)))
    list(client.iter_pages("Contacts", params={"includeArchived": "true"}, start_page=3))
    list(client.iter_pages("Payments", modified_since=datetime(2026, 3, 1)))
    list(client.iter_pages("CreditNotes"))
    for collection in ("Accounts", "TaxRates", "TrackingCategories", "Currencies"):
        client.get_all(collection, modified_since=datetime(2026, 1, 1))
    client.get_organisation()
    client.save_manual_journals([journal(1), journal(2)])
    client.save_manual_journals([journal(3)], summarize_errors=True)
    client.find_manual_journals('Narration.Contains("tok-1")')
    assert len(seen) == 12
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Unsupported scheme type" (OAuth2 is not checked)
        for sent in seen:
            prepared = requests.Request(sent.method, sent.url, headers=dict(sent.headers),
                                        data=sent.body).prepare()
            contract.validate_request(RequestsOpenAPIRequest(prepared))
