from . import test_quotes
