from datetime import datetime

import pytest
import requests

from xero_client import (
    MemoryGovernor,
    Stats,
    XeroAuthError,
    XeroClient,
    XeroConfig,
    XeroMalformedResponse,
    XeroRateLimitError,
    XeroTransientError,
    XeroValidationError,
)
from xero_client.tests.fakes import TENANT, FakeAdapter, Reply, page_of, session_with

TOKEN = "access-token-abc.def.ghi"


@pytest.fixture
def fake():
    return FakeAdapter()


@pytest.fixture
def slept():
    return []


@pytest.fixture
def client(fake, slept):
    config = XeroConfig(client_id="id", timeout=7.5, max_attempts=4, max_wait=60, backoff=1)
    return XeroClient(config, TENANT, TOKEN, session=session_with(fake), sleep=slept.append)


def test_headers_and_url(client, fake):
    fake.queue(Reply(200, {"Invoices": []}))
    client.get("Invoices", params={"where": 'Type=="ACCREC"'},
               modified_since=datetime(2026, 3, 31, 12, 0, 1, 500))
    sent = fake.sent[0]
    assert sent.url.startswith("https://api.xero.com/api.xro/2.0/Invoices?")
    assert sent.query == {"where": 'Type=="ACCREC"'}
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Xero-tenant-id"] == TENANT
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["If-Modified-Since"] == "2026-03-31T12:00:01Z"
    assert sent.timeout == 7.5


def test_no_if_modified_since_by_default_and_callable_token(fake, slept):
    tokens = iter(["t1", "t2"])
    client = XeroClient(XeroConfig(client_id="id"), TENANT, lambda: next(tokens),
                        session=session_with(fake))
    fake.queue(Reply(200, {"Accounts": []}), Reply(200, {"Accounts": []}))
    client.get_all("Accounts")
    client.get_all("Accounts")
    assert "If-Modified-Since" not in fake.sent[0].headers
    assert [s.headers["Authorization"] for s in fake.sent] == ["Bearer t1", "Bearer t2"]


def test_paging_stops_on_short_page(client, fake):
    fake.queue(Reply(200, page_of("Invoices", 3)), Reply(200, page_of("Invoices", 3, 3)),
               Reply(200, page_of("Invoices", 1, 6)))
    pages = list(client.iter_pages("Invoices", params={"Statuses": "AUTHORISED"}, page_size=3))
    assert [(p, len(items)) for p, items in pages] == [(1, 3), (2, 3), (3, 1)]
    assert [s.query for s in fake.sent] == [
        {"Statuses": "AUTHORISED", "page": str(n), "pageSize": "3"} for n in (1, 2, 3)]


def test_paging_resumes_and_reads_pagination_block(client, fake):
    body = dict(page_of("Invoices", 2), pagination={"page": 5, "pageSize": 2, "pageCount": 5,
                                                    "itemCount": 10})
    fake.queue(Reply(200, body))
    pages = list(client.iter_pages("Invoices", page_size=2, start_page=5))
    assert [p for p, _ in pages] == [5] and len(fake.sent) == 1
    assert fake.sent[0].query["page"] == "5"


def test_paging_default_page_size_and_empty_page(client, fake):
    fake.queue(Reply(200, {"Contacts": []}))
    assert list(client.iter_pages("Contacts")) == [(1, [])]
    assert fake.sent[0].query["pageSize"] == "1000"
    with pytest.raises(ValueError):
        list(client.iter_pages("Contacts", page_size=1001))


def test_get_all_and_organisation(client, fake):
    fake.queue(Reply(200, {"TaxRates": [{"TaxType": "OUTPUT"}]}),
               Reply(200, {"Organisations": [{"Name": "Demo", "ShortCode": "!abc"}]}))
    assert client.get_all("TaxRates") == [{"TaxType": "OUTPUT"}]
    assert client.get_organisation()["ShortCode"] == "!abc"
    assert fake.sent[1].path == "/api.xro/2.0/Organisation"


def test_429_retried_after_retry_after(client, fake, slept):
    fake.queue(Reply(429, text="", headers={"Retry-After": "13", "X-Rate-Limit-Problem": "minute"}),
               Reply(200, {"Accounts": [{"Code": "200"}]}))
    assert client.get_all("Accounts") == [{"Code": "200"}]
    assert slept == [13.0]
    assert client.stats.as_dict() == {"calls": 2, "retries": 1, "rate_limited": 1,
                                      "bytes_received": len(b'{"Accounts": [{"Code": "200"}]}')}


def test_429_also_for_writes_and_governor_told(fake, slept):
    now = [0.0]

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    gov = MemoryGovernor(clock=lambda: now[0], sleep=sleep)
    client = XeroClient(XeroConfig(client_id="id"), TENANT, TOKEN, governor=gov,
                        session=session_with(fake), sleep=sleep)
    fake.queue(Reply(429, text="", headers={"Retry-After": "5", "X-Rate-Limit-Problem": "minute"}),
               Reply(200, {"ManualJournals": [{"ManualJournalID": "mj-1"}]}))
    assert client.save_manual_journals([{"Narration": "x"}])[0]["ManualJournalID"] == "mj-1"
    # the client waited Retry-After; the governor, told of the block, had nothing left to wait
    assert slept == [5.0] and len(fake.sent) == 2


def test_daily_429_not_waited_for(client, fake, slept):
    fake.queue(Reply(429, text="", headers={"Retry-After": "40000", "X-Rate-Limit-Problem": "daily"}))
    with pytest.raises(XeroRateLimitError) as info:
        client.get("Invoices")
    assert info.value.problem == "daily" and info.value.retry_after == 40000
    assert slept == [] and len(fake.sent) == 1


def test_get_retried_on_503_and_timeouts_with_growing_waits(client, fake, slept):
    fake.queue(Reply(503, text="busy"), requests.ReadTimeout("slow"),
               requests.ConnectionError("reset"), Reply(200, {"Currencies": []}))
    assert client.get_all("Currencies") == []
    assert slept == [1, 2, 4]
    assert client.stats.calls == 4 and client.stats.retries == 3


def test_get_gives_up_after_max_attempts(client, fake, slept):
    fake.queue(*[Reply(500, text="err")] * 4)
    with pytest.raises(XeroTransientError) as info:
        client.get("Invoices")
    assert info.value.status == 500 and len(fake.sent) == 4


def test_put_not_retried_on_timeout(client, fake, slept):
    fake.queue(requests.ReadTimeout("slow"))
    with pytest.raises(XeroTransientError):
        client.save_manual_journals([{"Narration": "x"}])
    assert len(fake.sent) == 1 and slept == []


def test_post_not_retried_on_503(client, fake, slept):
    fake.queue(Reply(503, text="busy"))
    with pytest.raises(XeroTransientError):
        client.post("Contacts", {"Contacts": [{"Name": "A"}]})
    assert len(fake.sent) == 1


def test_malformed_json_retried_for_get(client, fake, slept):
    fake.queue(Reply(200, text='{"Invoices": [tru'), Reply(200, {"Invoices": []}))
    assert client.get("Invoices") == {"Invoices": []}
    fake.queue(*[Reply(200, text="<html>")] * 4)
    with pytest.raises(XeroMalformedResponse):
        client.get("Invoices")


def test_auth_error_not_retried(client, fake, slept):
    fake.queue(Reply(401, {"Title": "Unauthorized", "Detail": "TokenExpired: token expired"}))
    with pytest.raises(XeroAuthError) as info:
        client.get("Invoices")
    assert info.value.reason == "token_expired" and len(fake.sent) == 1


def test_save_manual_journals_per_element(client, fake):
    reply = {"ManualJournals": [
        {"Narration": "a", "ManualJournalID": "mj-1", "StatusAttributeString": "OK"},
        {"Narration": "b", "ManualJournalID": "00000000-0000-0000-0000-000000000000",
         "StatusAttributeString": "ERROR", "HasValidationErrors": True,
         "ValidationErrors": [{"Message": "Journal lines must balance."}]},
    ]}
    fake.queue(Reply(200, reply))
    journals = [{"Narration": "a", "JournalLines": []}, {"Narration": "b", "JournalLines": []}]
    results = client.save_manual_journals(journals, idempotency_key="batch-1")
    sent = fake.sent[0]
    assert sent.method == "PUT" and sent.query == {"summarizeErrors": "false"}
    assert sent.json() == {"ManualJournals": journals}
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Idempotency-Key"] == "batch-1"
    assert results[0]["ManualJournalID"] == "mj-1" and results[0]["ValidationErrors"] == []
    assert results[1]["ManualJournalID"] is None
    assert results[1]["ValidationErrors"] == [{"Message": "Journal lines must balance."}]
    assert client.save_manual_journals([]) == [] and len(fake.sent) == 1


def test_save_manual_journals_summarized_raises(client, fake):
    fake.queue(Reply(400, {"Type": "ValidationException", "Message": "A validation exception occurred",
                           "Elements": [{"ValidationErrors": [{"Message": "No lines"}]}]}))
    with pytest.raises(XeroValidationError) as info:
        client.save_manual_journals([{"Narration": "a"}], summarize_errors=True)
    assert fake.sent[0].query == {"summarizeErrors": "true"}
    assert info.value.elements == {0: ["No lines"]}


def test_find_manual_journals(client, fake):
    fake.queue(Reply(200, {"ManualJournals": [{"ManualJournalID": "mj-9"}]}))
    assert client.find_manual_journals('Narration.Contains("tok-1")') == [{"ManualJournalID": "mj-9"}]
    assert fake.sent[0].query["where"] == 'Narration.Contains("tok-1")'


def test_governor_used_on_every_call(fake, slept):
    gov = MemoryGovernor()
    client = XeroClient(XeroConfig(client_id="id"), TENANT, TOKEN, governor=gov,
                        session=session_with(fake), sleep=slept.append)
    fake.queue(Reply(200, {"Accounts": []}, headers={"X-MinLimit-Remaining": "50",
                                                     "X-DayLimit-Remaining": "4990"}))
    client.get_all("Accounts")
    assert gov.usage(TENANT) == {"active": 0, "minute": 10, "day": 10}


def test_shared_stats_object(fake):
    stats = Stats()
    client = XeroClient(XeroConfig(client_id="id"), TENANT, TOKEN, session=session_with(fake),
                        stats=stats)
    fake.queue(Reply(200, {"Accounts": []}))
    client.get_all("Accounts")
    assert stats.calls == 1 and stats.bytes_received == len(b'{"Accounts": []}')
    stats.calls = stats.bytes_received = 0  # what the Odoo sync job does
    assert client.stats.calls == 0


def test_tenant_required():
    with pytest.raises(ValueError):
        XeroClient(XeroConfig(client_id="id"), "", TOKEN)
