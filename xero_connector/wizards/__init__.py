from . import xero_connect_wizard, xero_post_wizard
