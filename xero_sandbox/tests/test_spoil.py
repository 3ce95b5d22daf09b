"""Spoiled replies: deterministic per seed and request, every kind reachable, stored data
untouched, logged, exempt from the contract (and nothing else is), off restores."""

import json

import pytest

from xero_sandbox import testing
from xero_sandbox.spoil import KINDS, SPOILABLE, Spoiler, parse_spoil
from xero_sandbox.tests.common import ALL_SCOPES, KIWI, WALLABY, Api


def records(api, collection="Invoices", **params):
    reply = api.get(collection, params=params)
    assert reply.status_code == 200, reply.text
    return reply.json()[{"Organisation": "Organisations"}.get(collection, collection.split("/")[0])]


def spoil(sandbox, **settings):
    return sandbox.admin("POST", "/__sandbox__/spoil", json=settings)


def last_call(sandbox):
    return sandbox.admin("GET", "/__sandbox__/calls")[-1]


def test_same_seed_and_request_spoil_the_same_way(api, sandbox):
    spoil(sandbox, tenant="wallaby", seed=7, odds=0.5, paths=["Invoices"])
    first, first_log = records(api), last_call(sandbox)
    second, second_log = records(api), last_call(sandbox)
    assert first == second and first_log["spoils"] == second_log["spoils"]
    assert first_log["spoiled"] and len(first_log["spoils"]) >= 3
    spoil(sandbox, tenant="wallaby", seed=8, odds=0.5, paths=["Invoices"])
    assert records(api) != first  # another seed, other spoils
    spoil(sandbox, tenant="wallaby", seed=7, odds=0.5, paths=["Invoices"])
    assert records(api, page=1) != first  # another request, other spoils
    assert records(api) == first


def test_spoiler_alone_is_deterministic_and_leaves_its_input_alone():
    spoiler = Spoiler()
    spoiler.set("t", seed=3, odds=0.6)
    page = [{"PaymentID": str(i), "Date": "/Date(0+0000)/", "Amount": 10.0 + i, "Status": "AUTHORISED",
             "PaymentType": "ACCRECPAYMENT", "Reference": f"r{i}"} for i in range(40)]
    before = json.dumps(page)
    out, report = spoiler.spoil("t", "Payments", page, "GET /Payments")
    assert json.dumps(page) == before
    assert (out, report) == spoiler.spoil("t", "Payments", page, "GET /Payments")
    assert 10 <= len(report) <= 40 and len(out) == 40 + sum(r["kind"] == "duplicate" for r in report)
    assert spoiler.spoil("other", "Payments", page, "GET /Payments") == (page, [])


CHECKS = {
    "missing": lambda value, present: not present,
    "null": lambda value, present: present and value is None,
    "number_for_date": lambda value, present: isinstance(value, int),
    "number_for_string": lambda value, present: isinstance(value, int),
    "string_for_number": lambda value, present: isinstance(value, str),
    "unknown_enum": lambda value, present: value == "SPOILEDVALUE",
    "date_zero": lambda value, present: value == "0000-00-00",
    "date_min": lambda value, present: value == "0001-01-01",
    "date_max": lambda value, present: value == "9999-12-31",
    "date_dotnet_min": lambda value, present: value == "/Date(-62135596800000)/",
    "nul": lambda value, present: "\u0000" in value,
    "control": lambda value, present: "\u0007" in value and "\u001b" in value,
    "emoji": lambda value, present: "\U0001F9FE" in value,
    "rtl": lambda value, present: value.startswith("\u202e") and "\u05e9" in value,
    "long": lambda value, present: len(value) == 10_000,
    "huge": lambda value, present: value == 1e20,
    "negative": lambda value, present: isinstance(value, float | int) and value < 0,
    "decimals": lambda value, present: len(repr(value).split(".")[1]) > 10,
}


def field(record, path):
    node = record
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)]
        elif part in node:
            node = node[part]
        else:
            return None, False
    return node, True


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_reachable_and_does_what_it_says(api, sandbox, kind):
    healthy = records(api, "Invoices", page=1)
    spoil(sandbox, tenant=WALLABY, seed=1, odds=1.0, kinds=[kind])
    spoiled = records(api, "Invoices", page=1)
    log = last_call(sandbox)
    assert log["spoiled"] and {s["kind"] for s in log["spoils"]} == {kind}
    assert len(log["spoils"]) == len(healthy)
    if kind == "duplicate":
        assert len(spoiled) == 2 * len(healthy)
        assert spoiled[0::2] == healthy and spoiled[1::2] == healthy
        return
    assert len(spoiled) == len(healthy)
    for entry in log["spoils"]:
        record = spoiled[entry["index"]]
        value, present = field(record, entry["field"])
        assert CHECKS[kind](value, present), (entry, value)
        assert entry["id"] == healthy[entry["index"]]["InvoiceID"]


def test_every_collection_can_be_spoiled(api, sandbox):
    spoil(sandbox, tenant="wallaby wholesale pty", seed=2, odds=1.0)
    for collection in SPOILABLE:
        records(api, collection)
        log = last_call(sandbox)
        assert log["spoiled"] and log["path"].endswith(collection), collection
    for collection in ("Currencies", "Organisation"):  # not lists of records a client books
        records(api, collection)
        assert not last_call(sandbox)["spoiled"]


def test_other_organisations_and_single_reads_stay_healthy(api, sandbox):
    healthy = records(api, "Contacts")
    kiwi = Api(sandbox, KIWI, api.token)
    kiwi_healthy = records(kiwi, "Contacts")
    spoil(sandbox, tenant="kiwi", seed=5, odds=1.0)
    assert records(api, "Contacts") == healthy and not last_call(sandbox)["spoiled"]
    assert records(kiwi, "Contacts") != kiwi_healthy
    one = kiwi_healthy[0]["ContactID"]
    assert records(kiwi, f"Contacts/{one}") is not None and not last_call(sandbox)["spoiled"]


def test_stored_data_untouched_and_off_restores(api, sandbox):
    healthy = {c: records(api, c) for c in ("Invoices", "Contacts", "Accounts")}
    spoil(sandbox, tenant=WALLABY, seed=9, odds=1.0)
    assert all(records(api, c) != healthy[c] for c in healthy)
    sandbox.admin("POST", "/__sandbox__/spoil", json={"off": True, "tenant": "wallaby"})
    assert {c: records(api, c) for c in healthy} == healthy
    spoil(sandbox, tenant=WALLABY, seed=9, odds=1.0)
    assert sandbox.admin("DELETE", "/__sandbox__/spoil") == []
    assert {c: records(api, c) for c in healthy} == healthy and not last_call(sandbox)["spoiled"]
    assert sandbox.admin("GET", "/__sandbox__/spoil") == []


def test_bad_settings_are_refused(sandbox):
    for settings in ({"tenant": "nowhere"}, {"odds": 2}, {"paths": ["Currencies"]}, {"kinds": ["melt"]},
                     {"colour": "red"}):
        reply = testing.requests.post(sandbox.url + "/__sandbox__/spoil", json=settings, timeout=10)
        assert reply.status_code == 400, settings


def test_command_line_settings():
    assert parse_spoil("tenant=wallaby,seed=7,odds=0.2,paths=Invoices+Contacts") == {
        "tenant": "wallaby", "seed": "7", "odds": "0.2", "paths": ["Invoices", "Contacts"]}
    with pytest.raises(ValueError):
        parse_spoil("tenant=wallaby,colour=red")


def test_strict_mode_exempts_spoiled_replies_only():
    args = ["--spoil", "tenant=wallaby,seed=4,odds=1,paths=Invoices"]
    with testing.SandboxProcess(check_contract=False, extra_args=args) as sandbox:
        api = Api(sandbox, WALLABY, sandbox.grant([WALLABY, KIWI], ALL_SCOPES)["access_token"])
        assert sandbox.admin("GET", "/__sandbox__/spoil")[0]["tenant"] == WALLABY
        for params in ({"page": 1}, {}, {"Statuses": "PAID"}):
            records(api, "Invoices", **params)
            assert last_call(sandbox)["spoiled"]
        assert sandbox.violations() == []
        # a reply broken by other means (a stored record Xero would never send) is still a breach
        bad = dict(records(api, "Contacts")[0], ContactStatus="MELTED")
        sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/records/Contacts", json={"items": [bad]})
        records(api, "Contacts")
        assert [v["path"] for v in sandbox.violations()] == ["/api.xro/2.0/Contacts"]
        # a reset keeps the command line's spoiling
        sandbox.reset()
        api.token = sandbox.grant([WALLABY], ALL_SCOPES)["access_token"]
        records(api, "Invoices")
        assert last_call(sandbox)["spoiled"]
