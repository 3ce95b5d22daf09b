from . import test_quote_faults, test_quotes
