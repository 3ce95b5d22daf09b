"""A fake Xero at the `requests` transport level: no network, no mocking library.

Mount FakeAdapter on a requests.Session; it answers scripted replies (or exceptions) in
order, then falls back to a handler, and records every request it saw with its timeout.
"""

import base64
import json
from collections import deque

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

TENANT = "11111111-1111-1111-1111-111111111111"
CLIENT_ID = "TESTCLIENTID"
CLIENT_SECRET = "test-client-secret-value"


class Reply:
    def __init__(self, status=200, json_body=None, headers=None, text=None):
        self.status = status
        self.headers = dict(headers or {})
        if text is not None:
            self.body = text.encode()
        elif json_body is not None:
            self.body = json.dumps(json_body).encode()
            self.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        else:
            self.body = b""


class Sent:
    """One request the fake saw."""

    def __init__(self, request, timeout):
        self.method = request.method
        self.url = request.url
        self.headers = request.headers
        self.body = request.body
        self.timeout = timeout

    @property
    def path(self):
        return requests.utils.urlparse(self.url).path

    @property
    def query(self):
        from urllib.parse import parse_qs, urlparse

        return {k: v[0] for k, v in parse_qs(urlparse(self.url).query).items()}

    def form(self):
        from urllib.parse import parse_qs

        body = self.body.decode() if isinstance(self.body, bytes) else self.body or ""
        return {k: v[0] for k, v in parse_qs(body).items()}

    def json(self):
        return json.loads(self.body)


class FakeAdapter(BaseAdapter):
    def __init__(self, handler=None):
        super().__init__()
        self.script = deque()
        self.sent = []
        self.handler = handler or (lambda sent: Reply(404, text="no handler"))

    def queue(self, *items):
        self.script.extend(items)
        return self

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        sent = Sent(request, timeout)
        self.sent.append(sent)
        item = self.script.popleft() if self.script else self.handler(sent)
        if isinstance(item, BaseException):
            raise item
        response = requests.Response()
        response.status_code = item.status
        response.headers = CaseInsensitiveDict(item.headers)
        response._content = item.body
        response.encoding = "utf-8"
        response.reason = "Fake"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def session_with(adapter):
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def fake_jwt(claims):
    """An unsigned JWT-shaped string with these claims (enough for payload reading)."""
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def page_of(collection, count, start=0):
    return {collection: [{"InvoiceID": f"inv-{start + i}"} for i in range(count)]}
