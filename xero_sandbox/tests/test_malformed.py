"""Whatever a client sends, the sandbox answers as Xero would: Xero's 400 for what its models
cannot read, 404 for what does not exist, 405 for a method it does not offer; never a 500.
(The defects the fuzzer found first, kept as plain cases.)"""

import uuid

import pytest

NOT_READABLE = "JSON for post data was invalid"


@pytest.mark.parametrize(("method", "path", "body"), [
    ("PUT", "Invoices", {"Invoices": 5}),
    ("PUT", "Invoices", {"Invoices": [5, "x"]}),
    ("POST", "Invoices/{invoice}", {"Invoices": [5]}),
    ("PUT", "Invoices", {"Invoices": [{"Type": "NOPE"}]}),
    ("PUT", "Invoices", {"Invoices": [{"Type": "ACCREC", "LineItems": [{"Quantity": "many"}]}]}),
    ("PUT", "Invoices", {"Invoices": [{"Type": "ACCREC", "LineItems": 7}]}),
    ("PUT", "CreditNotes", {"CreditNotes": [{"Type": "ACCRECCREDIT", "Contact": "someone"}]}),
    ("PUT", "ManualJournals", {"ManualJournals": [{"Narration": "x", "JournalLines": [{"LineAmount": "ten"}]}]}),
    ("PUT", "Contacts", {"Contacts": [{"Name": ["a", "list"]}]}),
    ("PUT", "Payments", {"Payments": [{"Account": "x", "Amount": 1}]}),
    ("POST", "Payments", {"Invoice": "x"}),
    ("POST", "Payments", {"Amount": "lots"}),
    ("PUT", "Accounts", {"Name": 5, "Type": "BANK"}),
    ("PUT", "CreditNotes/{note}/Allocations", {"Allocations": [{"Amount": "all", "Invoice": {}}]}),
])
def test_what_xeros_models_cannot_read_is_a_400(api, method, path, body):
    ids = {"invoice": api.items("Invoices")[0]["InvoiceID"], "note": api.items("CreditNotes")[0]["CreditNoteID"]}
    reply = api.request(method, path.format(**ids), json=body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["Type"] in ("PostDataInvalidException", "ValidationException")


@pytest.mark.parametrize("query", ["page=abc", "pageSize=x&page=1", "summaryOnly=maybe", "includeArchived=2"])
def test_parameters_of_the_wrong_type_are_a_400(api, query):
    reply = api.get(f"Contacts?{query}")
    assert reply.status_code == 400 and reply.json()["Type"] == "PostDataInvalidException", reply.text


def test_account_without_a_name(api):
    reply = api.put("Accounts", {"Code": "777", "Type": "BANK"})
    assert reply.status_code == 400
    assert [e["Message"] for e in reply.json()["Elements"][0]["ValidationErrors"]] == ["Please enter a Name."]
    assert api.put("Accounts", {"Code": "778", "Name": "Spare", "Type": "EXPENSE"}).status_code == 200


def test_post_payments_creates_one_payment(api):
    invoice = next(i for i in api.items("Invoices") if i["Status"] == "AUTHORISED" and i["Type"] == "ACCREC")
    bank = next(a for a in api.items("Accounts") if a["Type"] == "BANK")["Code"]
    reply = api.post("Payments", {"Invoice": {"InvoiceID": invoice["InvoiceID"]}, "Account": {"Code": bank},
                                  "Amount": 1.0})
    assert reply.status_code == 200, reply.text
    assert reply.json()["Payments"][0]["Amount"] == 1.0


def test_attachments_and_other_sub_resources(api):
    invoice = api.items("Invoices")[0]["InvoiceID"]
    listing = api.get(f"Invoices/{invoice}/Attachments")
    assert listing.status_code == 200 and listing.json()["Attachments"] == []
    for path in (f"Invoices/{invoice}/Attachments/receipt.pdf", f"Invoices/{invoice}/Attachments/{uuid.uuid4()}",
                 f"Invoices/{uuid.uuid4()}/Attachments", f"Invoices/{uuid.uuid4()}/History",
                 f"Invoices/{invoice}/OnlineInvoice", "Organisation/Actions"):
        reply = api.get(path)
        assert reply.status_code == 404, (path, reply.text)
        assert reply.json()["Type"] == "NotFoundException"
    # a file is kept as Xero keeps it; the same name again is refused (PUT), a file type Xero
    # does not take is refused, never taken for the record
    upload = f"Invoices/{invoice}/Attachments/receipt.pdf"
    octets = {"Content-Type": "application/octet-stream"}
    assert api.request("PUT", upload, data=b"%PDF", headers=octets).status_code == 200
    assert api.request("PUT", upload, data=b"%PDF", headers=octets).status_code == 400
    program = f"Invoices/{invoice}/Attachments/setup.exe"
    assert api.request("PUT", program, data=b"MZ", headers=octets).status_code == 400
    assert [a["FileName"] for a in api.get(f"Invoices/{invoice}/Attachments").json()["Attachments"]] == ["receipt.pdf"]
    assert api.request("DELETE", "Invoices").status_code == 405


def test_contact_by_number(api):
    contact = api.put("Contacts", {"Contacts": [{"Name": "Numbered Ltd", "ContactNumber": "N-42"}]}).json()
    found = api.items("Contacts/N-42", "Contacts")
    assert [c["ContactID"] for c in found] == [contact["Contacts"][0]["ContactID"]]
