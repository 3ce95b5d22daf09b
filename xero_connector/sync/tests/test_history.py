"""Who changed a document after close, the pure parts: Xero's HistoryRecords read back (the
latest change after the closed date, notes left out, bad shapes named) and the reads capped,
a 403 or a failed call leaving that document's who unknown without failing the others."""

from datetime import UTC, datetime, timedelta

from xero_connector.sync.books.health import Change
from xero_connector.sync.books.history import (
    FAILED,
    FORBIDDEN,
    KNOWN,
    NONE,
    NOT_READ,
    Who,
    latest_change,
    read_who,
)
from xero_connector.xero_client.errors import XeroForbiddenError, XeroRateLimitError, XeroTransientError

SINCE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def ms(moment):
    return f"/Date({int(moment.timestamp() * 1000)}+0000)/"


def record(changes, user, moment, details=""):
    return {"Changes": changes, "User": user, "DateUTC": ms(moment), "Details": details}


def test_the_latest_change_after_close_with_who_and_what():
    later = SINCE + timedelta(hours=2)
    reply = {"HistoryRecords": [
        record("Note", "Kim Lee", later + timedelta(hours=1), "Called the client"),
        record("Edited", "Jo Bloggs", later, "INV-0042 to Acme for 80.00."),
        record("Paid", "Sam Auditor", SINCE + timedelta(minutes=5), "Payment received"),
        record("Approved", "Demo Accountant", SINCE - timedelta(days=40)),
        {"Changes": "Edited", "User": "No date"}, "not a record"]}
    who = latest_change(reply, SINCE)
    assert who == Who(KNOWN, "Jo Bloggs", later, "Edited: INV-0042 to Acme for 80.00.", 1)
    assert latest_change(reply, None).user == "Jo Bloggs", "without a closed date: the latest change"
    long = latest_change({"HistoryRecords": [record("Edited", "X " * 100, later, "y" * 300)]}, SINCE)
    assert len(long.what) <= 120 and long.what.endswith("…") and len(long.user) <= 120


def test_no_change_after_close_and_bad_shapes():
    assert latest_change({"HistoryRecords": [record("Created", "A", SINCE - timedelta(days=1))]}, SINCE).state == NONE
    assert latest_change({"HistoryRecords": []}, SINCE).state == NONE
    for bad in (None, [], {"HistoryRecords": "none"}, {"Invoices": []}):
        who = latest_change(bad, SINCE)
        assert who.state == FAILED and "no history records" in who.why


class Stats:
    calls = 0


class FakeXero:
    """History replies by path; an exception instead of a reply when that is what is planted."""

    def __init__(self, replies):
        self.replies, self.asked, self.stats = replies, [], Stats()

    def get(self, path, params=None, modified_since=None):
        self.stats.calls += 1
        self.asked.append(path)
        reply = self.replies.get(path, {"HistoryRecords": [record("Edited", "Jo Bloggs", SINCE + timedelta(hours=1))]})
        if isinstance(reply, Exception):
            raise reply
        return reply


def change(n, kind="ACCREC", minutes=0):
    return Change(f"id{n}", kind, f"INV-{n}", None, SINCE + timedelta(minutes=minutes or n))


def test_reads_capped_latest_changed_first():
    changes = [change(n) for n in range(1, 6)]
    xero = FakeXero({})
    who = read_who(xero, changes, SINCE, limit=3)
    assert xero.asked == ["Invoices/id5/History", "Invoices/id4/History", "Invoices/id3/History"]
    assert {k: w.state for k, w in who.items()} == {"id5": KNOWN, "id4": KNOWN, "id3": KNOWN,
                                                     "id2": NOT_READ, "id1": NOT_READ}
    assert read_who(FakeXero({}), [], SINCE) == {}


def test_kinds_go_to_their_history_and_failures_stay_on_their_document():
    changes = [change(1, "ACCPAYCREDIT"), change(2, "JOURNAL"), change(3, "ACCPAY"), change(4, "ACCREC"),
               change(5, "ACCRECCREDIT"), change(6, "ODD")]
    xero = FakeXero({"ManualJournals/id2/History": XeroForbiddenError("no scope", 403),
                     "Invoices/id4/History": XeroTransientError("Xero failed", 500),
                     "CreditNotes/id5/History": XeroForbiddenError("no scope", 403)})
    who = read_who(xero, changes, SINCE)
    assert who["id4"].state == FAILED and "Xero failed" in who["id4"].why
    assert who["id3"].state == KNOWN, "a failed call does not stop the next"
    assert who["id5"].state == FORBIDDEN and who["id1"].state == FORBIDDEN, "one 403 per kind of document"
    assert "CreditNotes/id1/History" not in xero.asked
    assert who["id2"].state == FORBIDDEN and who["id6"].state == FAILED
    assert xero.stats.calls == 4


def test_xero_limits_reached_stop_the_reads():
    xero = FakeXero({"Invoices/id3/History": XeroRateLimitError("Xero's daily limit is reached", problem="day")})
    who = read_who(xero, [change(n) for n in range(1, 4)], SINCE)
    assert xero.asked == ["Invoices/id3/History"]
    assert {w.state for w in who.values()} == {FAILED} and "daily limit" in who["id1"].why
