from . import (
    res_config_settings,
    xero_connection,
    xero_mapping,
    xero_pending_item,
    xero_sync_job,
)
