from . import (
    test_documents,
    test_governor,
    test_install,
    test_journal_posting,
    test_mappers,
    test_sandbox_flow,
    test_security,
    test_sync_engine,
    test_tax_mapping,
    test_token_refresh,
    test_tours,
    test_webhooks,
)
