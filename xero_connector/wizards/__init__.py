from . import xero_cancel_confirm, xero_connect_wizard, xero_post_wizard
