"""End-to-end fixtures: a running Odoo (started by scripts/test.sh) driven over XML-RPC."""

import os
import xmlrpc.client

import pytest


class OdooRPC:
    def __init__(self, url, db, login, password):
        self.url, self.db = url, db
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise RuntimeError(f"cannot log in to {url} as {login}")
        self.password = password
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, args, kwargs)


@pytest.fixture(scope="session")
def odoo_env():
    url = os.environ.get("ODOO_URL")
    if not url:
        pytest.skip("ODOO_URL is not set: run the end-to-end tests through scripts/test.sh")
    return {
        "url": url,
        "db": os.environ["ODOO_DB"],
        "login": os.environ.get("ODOO_LOGIN", "admin"),
        "password": os.environ.get("ODOO_PASSWORD", "admin"),
        "log": os.environ.get("ODOO_LOG"),
    }


@pytest.fixture(scope="session")
def odoo(odoo_env):
    return OdooRPC(odoo_env["url"], odoo_env["db"], odoo_env["login"], odoo_env["password"])
