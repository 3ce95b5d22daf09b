from odoo.tests import TransactionCase, new_test_user


class XeroCommon(TransactionCase):
    """Shared fixture: a company, a Xero administrator, a Xero user and a plain user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.xero_admin = new_test_user(
            cls.env, "xero_admin", groups="base.group_user,xero_connector.group_xero_manager",
        )
        cls.xero_user = new_test_user(
            cls.env, "xero_user", groups="base.group_user,xero_connector.group_xero_user",
        )
        cls.plain_user = new_test_user(cls.env, "plain_user", groups="base.group_user")
