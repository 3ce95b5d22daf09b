"""Xero's limits (headers, 429 + Retry-After + X-Rate-Limit-Problem) and faults on demand."""

import json
import threading
import time

import pytest
import requests

from xero_sandbox.tests.common import KIWI, WALLABY


@pytest.fixture
def limits(sandbox):
    yield lambda **values: sandbox.admin("POST", "/__sandbox__/limits", json=values)
    sandbox.admin("POST", "/__sandbox__/limits", json={"concurrent": 5, "minute": 60, "day": 5000,
                                                       "app_minute": 10000})


def test_every_response_carries_the_remaining_counts(api):
    first = api.get("Accounts")
    second = api.get("Accounts")
    assert int(first.headers["X-MinLimit-Remaining"]) == 59
    assert int(second.headers["X-MinLimit-Remaining"]) == 58
    assert int(second.headers["X-DayLimit-Remaining"]) == 4998
    assert int(second.headers["X-AppMinLimit-Remaining"]) == 9998


def test_minute_limit_then_recovery(api, sandbox, limits):
    limits(minute=3)
    for _ in range(3):
        assert api.get("TaxRates").status_code == 200
    limited = api.get("TaxRates")
    assert limited.status_code == 429
    assert limited.headers["X-Rate-Limit-Problem"] == "minute" and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-MinLimit-Remaining"] == "0"
    api.tenant = KIWI  # limits are per organisation
    assert api.get("TaxRates").status_code == 200
    api.tenant = WALLABY
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": int(limited.headers["Retry-After"])})
    assert api.get("TaxRates").status_code == 200


def test_day_limit(api, sandbox, limits):
    limits(day=2)
    api.get("TaxRates")
    api.get("TaxRates")
    limited = api.get("TaxRates")
    assert limited.status_code == 429 and limited.headers["X-Rate-Limit-Problem"] == "day"
    assert int(limited.headers["Retry-After"]) > 3600


def test_app_minute_limit_spans_organisations(api, limits):
    limits(app_minute=2)
    api.get("TaxRates")
    api.tenant = KIWI
    api.get("TaxRates")
    limited = api.get("TaxRates")
    assert limited.status_code == 429 and limited.headers["X-Rate-Limit-Problem"] == "appminute"


def test_concurrent_limit(api, sandbox, limits):
    limits(concurrent=2)
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "hang", "count": 2, "seconds": 1.5})
    results = []
    threads = [threading.Thread(target=lambda: results.append(api.get("TaxRates").status_code)) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # both are inside the server, holding their slots
    third = api.get("TaxRates")
    for thread in threads:
        thread.join()
    assert third.status_code == 429 and third.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert results == [200, 200]


@pytest.mark.parametrize("kind,status", [("500", 500), ("503", 503)])
def test_server_errors(api, sandbox, kind, status):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": kind, "count": 2, "path": "Invoices"})
    assert api.get("Accounts").status_code == 200  # only the matching path fails
    assert api.get("Invoices").status_code == status
    assert api.get("Invoices").status_code == status
    assert api.get("Invoices").status_code == 200


def test_hang_past_the_client_timeout(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "hang", "seconds": 2})
    with pytest.raises(requests.Timeout):
        api.get("Accounts", timeout=0.5)
    assert api.get("Accounts").status_code == 200


def test_fault_for_one_method(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "500", "path": "Contacts", "method": "PUT"})
    assert api.get("Contacts").status_code == 200
    assert api.put("Contacts", {"Contacts": [{"Name": "Faulty Method Pty"}]}).status_code == 500


def test_cut_connection(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "disconnect"})
    with pytest.raises(requests.ConnectionError):
        api.get("Accounts")
    assert api.get("Accounts").status_code == 200


def test_malformed_json(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "malformed"})
    reply = api.get("Invoices")
    assert reply.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        reply.json()


def test_revoked_token(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "revoked", "tenant": WALLABY})
    reply = api.get("Accounts")
    assert reply.status_code == 401 and reply.json()["Title"] == "Unauthorized"


def test_calls_are_logged(api, sandbox):
    api.get("Accounts")
    api.get("Organisation")
    calls = sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})
    assert [c["path"].rsplit("/", 1)[-1] for c in calls][-2:] == ["Accounts", "Organisation"]
    assert all(c["status"] == 200 for c in calls[-2:])


def test_reply_lost_after_the_write_was_stored(api, sandbox):
    """`lost`: Xero saves the write, then the connection is cut; the same request sent again
    with its Idempotency-Key is answered from Xero's memory (one journal, not two)."""
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "lost", "path": "ManualJournals", "method": "PUT"})
    assert api.get("ManualJournals").status_code == 200  # a read of the same path keeps the fault armed
    body = {"ManualJournals": [{"Narration": "lost reply", "Date": "2026-10-01", "JournalLines": [
        {"LineAmount": 10.0, "AccountCode": "412"}, {"LineAmount": -10.0, "AccountCode": "800"}]}]}
    with pytest.raises(requests.ConnectionError):
        api.put("ManualJournals", body, headers={"Idempotency-Key": "lost-1"})
    found = api.items("ManualJournals", params={"where": 'Narration == "lost reply"'})
    assert len(found) == 1
    again = api.put("ManualJournals", body, headers={"Idempotency-Key": "lost-1"})
    assert again.status_code == 200
    assert again.json()["ManualJournals"][0]["ManualJournalID"] == found[0]["ManualJournalID"]
    assert len(api.items("ManualJournals", params={"where": 'Narration == "lost reply"'})) == 1
