import pytest

from xero_client import XeroConfig, const, scopes_for


def test_scopes_default_reads_only():
    assert scopes_for() == [
        "accounting.contacts.read", "accounting.invoices.read", "accounting.payments.read",
        "accounting.settings.read", "offline_access",
    ]


def test_scopes_journal_posting_is_write():
    scopes = scopes_for({"journals"})
    assert "accounting.manualjournals" in scopes
    assert "accounting.manualjournals.read" not in scopes
    assert "accounting.invoices.read" in scopes and "accounting.invoices" not in scopes


def test_scopes_explicit_and_identity():
    assert scopes_for({"contacts"}, base=()) == [
        "accounting.contacts.read", "accounting.settings.read", "offline_access"]
    assert {"openid", "profile", "email"} <= set(scopes_for({"identity"}))
    with pytest.raises(ValueError):
        scopes_for({"hr"})
    assert XeroConfig.scopes_for() == scopes_for()


def test_scopes_fixed_assets_and_payroll_read_only():
    scopes = scopes_for({"assets", "payroll"})
    assert {"assets.read", "payroll.settings.read"} <= set(scopes)
    assert not {"assets", "payroll.settings"} & set(scopes)
    assert "payroll.settings.read" not in scopes_for({"assets"})


def test_payroll_endpoint_by_country():
    config = XeroConfig(client_id="id")
    assert config.assets_endpoint == "https://api.xero.com/assets.xro/1.0"
    assert config.payroll_endpoint("AU") == "https://api.xero.com/payroll.xro/1.0"
    assert config.payroll_endpoint("nz") == config.payroll_endpoint("GB") == "https://api.xero.com/payroll.xro/2.0"
    assert config.payroll_endpoint("US") is None and config.payroll_endpoint(None) is None


def test_defaults_are_xero():
    config = XeroConfig(client_id="id", client_secret="s3cret-value", redirect_uri="https://o/cb")
    assert config.authorize_endpoint == "https://login.xero.com/identity/connect/authorize"
    assert config.token_endpoint == "https://identity.xero.com/connect/token"
    assert config.revocation_endpoint == "https://identity.xero.com/connect/revocation"
    assert config.connections_endpoint == "https://api.xero.com/connections"
    assert config.accounting_endpoint == "https://api.xero.com/api.xro/2.0"
    assert config.app_url == const.APP_URL == "https://go.xero.com"
    assert "s3cret-value" not in repr(config)


def test_one_url_for_a_sandbox():
    base = "http://127.0.0.1:8123/"
    config = XeroConfig(client_id="id", login_url=base, identity_url=base, api_url=base,
                        app_url=base, timeout=2)
    assert config.token_endpoint == "http://127.0.0.1:8123/connect/token"
    assert config.accounting_endpoint == "http://127.0.0.1:8123/api.xro/2.0"


def test_invalid_settings():
    with pytest.raises(ValueError):
        XeroConfig(client_id="id", timeout=0)
    with pytest.raises(ValueError):
        XeroConfig(client_id="id", max_attempts=0)


def test_limits():
    assert (const.CONCURRENT_LIMIT, const.MINUTE_LIMIT, const.DAY_LIMIT) == (5, 60, 5000)
    assert const.MAX_PAGE_SIZE == 1000 and const.ACCESS_TOKEN_LIFETIME == 1800
