"""The job's steps: which steps a kind of job runs, the registry every importer and exporter
joins on import, the page commit both directions share, and a step's outcome in the user's
words for the job's summary.

    @register
    class ContactImporter(Importer):
        key = "contacts"
    steps_for("contacts")            # ["contacts", "contact_groups"]: what a "contacts" job runs
    get("contacts")(job, xero).run(deadline)
    step_words(env, "invoices", {"created": 10, "pending": 2})   # "Invoices and bills: 10 booked, 2 waiting"
"""

import threading

from odoo.tools import LazyTranslate

_lt = LazyTranslate("xero_connector")

REGISTRY = {}
KIND_STEPS = {
    # items after the accounts and taxes their sides map to, before the documents naming them
    "reference": ["accounts", "tax_rates", "tracking", "items"],
    "contacts": ["contacts", "contact_groups"],
    "documents": ["invoices", "credit_notes", "payments", "manual_journals"],
    "full": ["accounts", "tax_rates", "tracking", "items", "contacts", "contact_groups", "invoices", "credit_notes",
             "payments", "manual_journals", "publish_watch"],
    # a scheduled run between the daily full syncs: what changes often (lists are read once a day,
    # and manual journals, made at a period's end, with them: a quiet organisation's 15-minute
    # poll stays a call cheaper); where webhooks bring contacts and invoices, only credit notes
    # and payments are polled
    "changes": ["contacts", "invoices", "credit_notes", "payments", "publish_watch"],
    "journals": ["publish_journal_voids", "journals"],
    # publish_watch: documents published from Odoo that Xero voided or deleted, for the
    # organisations that publish them without pulling (publish/watch.py)
    # what Odoo changed and Xero must be told (publish/outbox.py) first: a payment deleted
    # before a new one is published for the same document; then items before the documents
    # whose lines name them; contact groups after the contacts
    "outbox": ["publish_payment_deletions", "publish_voids", "publish_journal_voids"],
    "publish": ["publish_payment_deletions", "publish_voids", "publish_items", "publish", "publish_contact_groups",
                "publish_attachments", "publish_payments", "publish_watch"],
}


def add_steps(kind, *steps):
    """Steps an optional addon brings (e.g. the purchase bridge's) run with a kind of job; the
    kind is new, or the steps go after the kind's own. Idempotent."""
    known = KIND_STEPS.setdefault(kind, [])
    known.extend(step for step in steps if step not in known)


WEBHOOK_STEPS = ("contacts", "invoices")  # what Xero's webhooks announce


def register(cls):
    REGISTRY[cls.key] = cls
    return cls


def get(key):
    return REGISTRY[key]


def steps_for(kind):
    return [step for step in KIND_STEPS[kind] if step in REGISTRY]


def commit(env):
    """Commit a page of work; under Odoo's test runner the test owns the transaction."""
    if getattr(threading.current_thread(), "testing", False):
        env.flush_all()
    else:
        env.cr.commit()


def rollback(env):
    """Drop the work in progress after an unexpected failure (the last committed page stays);
    under Odoo's test runner the test owns the transaction, and failures there are Python's."""
    if not getattr(threading.current_thread(), "testing", False):
        env.cr.rollback()
    env.invalidate_all()


DONE = ("created", "updated", "unchanged", "skipped")
# module-level words are lazy (_lt), translated where an env is, by env._(word): pylint-odoo's
# prefer-env-translation cannot tell a constant from a call inside a method
# pylint: disable=prefer-env-translation
# the words a job uses for each outcome (and for the state of lists people map), in this order
OUTCOME_WORDS = {
    "created": _lt("new"), "updated": _lt("updated"), "unchanged": _lt("unchanged"), "skipped": _lt("skipped"),
    "pending": _lt("waiting"), "unreadable": _lt("unreadable"), "errors": _lt("errors"),
    "not_sent": _lt("not sent"),
}
ONE_WORDS = {"errors": _lt("error")}  # the word for one, where it differs: "1 error", "2 errors"
BOOKED_WORDS = {"created": _lt("booked")}  # documents and payments are booked, not "new"
BOOKED_STEPS = ("invoices", "credit_notes", "payments", "manual_journals")
# lists people map: each row of the organisation's list is matched, to map, or archived in Xero
MAPPING_WORDS = {"matched": _lt("matched"), "to map": _lt("to map"), "archived": _lt("archived")}
READ = ("created", "updated", "unchanged", "skipped", "pending", "unreadable")
# pylint: enable=prefer-env-translation


def step_words(env, key, counts):
    """"Invoices and bills: 10 booked, 2 waiting" for one step's counts (zeros left out).

    A list people map says what it read and where the whole list stands: "Accounts: 48 read,
    47 matched, 1 archived" when this run read the whole list, "Accounts: 2 read (48 in all:
    45 matched, 2 to map, 1 archived)" when it read only what changed. (No translation call
    inside an f-string: the translation template would not find its words.)"""
    step = REGISTRY.get(key)
    label = env._(step.label) if step and step.label else key
    words = dict(OUTCOME_WORDS, **(BOOKED_WORDS if key in BOOKED_STEPS else {}))
    read = sum(counts.get(o, 0) for o in READ)
    if any(o in counts for o in MAPPING_WORDS):
        state = ", ".join(f"{counts[o]} {env._(w)}" for o, w in MAPPING_WORDS.items() if counts.get(o))
        total = sum(counts.get(o, 0) for o in MAPPING_WORDS)
        read_words = env._("%s read", read)
        if read == total:
            what = ", ".join(filter(None, [read_words, state]))
        else:
            what = env._("%(read)s read (%(total)s in all: %(state)s)", read=read, total=total, state=state)
    else:
        if counts.get("not_sent"):  # counted with the errors; told apart: never sent, Odoo knew why
            counts = dict(counts, errors=counts.get("errors", 0) - counts["not_sent"])
        what = ", ".join(f"{counts[o]} {env._(ONE_WORDS.get(o, w) if counts[o] == 1 else w)}"
                         for o, w in words.items() if counts.get(o))
        what = what or env._("nothing new")
    return f"{label}: {what}"


def conflict_reason(env):
    """Why a record edited on both sides waits (a "conflict" pending item)."""
    return env._("Changed in Odoo and in Xero since the last sync: neither side was overwritten. "
                 "Compare the two versions and keep one.")
