"""Command line: run, seed or reset the local Xero sandbox.

    python -m xero_sandbox serve [--port 8070] [--db PATH|:memory:] [--client-id ID]
                                 [--client-secret S] [--webhook-url URL] [--webhook-key K]
                                 [--limits minute=60,day=5000,concurrent=5,app_minute=10000] [--strict]
                                 [--spoil tenant=wallaby,seed=7,odds=0.2[,paths=Invoices+Contacts]]...
    python -m xero_sandbox seed  --db PATH [--invoices N --lines L --tenant KEY]
    python -m xero_sandbox reset --db PATH
"""

import argparse
import logging
import sys

from werkzeug.serving import run_simple

from . import seed
from .app import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_WEBHOOK_KEY, SandboxApp
from .limits import parse_limits
from .spoil import parse_spoil
from .store import Store


def build_app(args, strict=False):
    store = Store(args.db)
    app = SandboxApp(store, client_id=args.client_id, client_secret=args.client_secret,
                     base_url=f"http://{args.host}:{args.port}", webhook_url=args.webhook_url,
                     webhook_key=args.webhook_key, limits=parse_limits(args.limits), strict=strict)
    if not store.tenants():
        seed.seed(store, app)
    for text in args.spoil:  # after seeding: organisations are named by key or name
        app.spoil(**parse_spoil(text))
    app.spoil_defaults = app.spoiler.settings()
    return app


def main(argv=None):
    parser = argparse.ArgumentParser(prog="xero_sandbox", description="A local Xero for tests and demos.")
    parser.add_argument("command", choices=("serve", "seed", "reset"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument("--db", default=":memory:", help="SQLite file (state survives restarts) or :memory:")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--webhook-url", default=None, help="where webhook events are delivered")
    parser.add_argument("--webhook-key", default=DEFAULT_WEBHOOK_KEY)
    parser.add_argument("--limits", default="", help="e.g. minute=60,day=5000,concurrent=5,app_minute=10000")
    parser.add_argument("--strict", action="store_true",
                        help="check every request and response against Xero's OpenAPI contracts")
    parser.add_argument("--spoil", action="append", default=[], metavar="SETTINGS",
                        help="spoil records of list replies (test-only), e.g. tenant=wallaby,seed=7,odds=0.2,"
                             "paths=Invoices+Contacts; repeat for more organisations; no tenant: all")
    parser.add_argument("--invoices", type=int, default=0, help="seed: generate this many extra invoices")
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--tenant", default="wallaby", help="seed: the organisation (key or id) to generate into")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(name)s %(message)s")

    if args.command == "reset":
        Store(args.db).wipe()
        app = build_app(args)
        print(f"reset {args.db}: {len(app.store.tenants())} organisations seeded")
        return 0
    app = build_app(args, strict=args.strict and args.command == "serve")
    if args.command == "seed":
        if args.invoices:
            tenant = app.store.tenant(args.tenant)
            if not tenant:
                parser.error(f"no organisation {args.tenant!r}")
            print(seed.generate(app.store, tenant["id"], args.invoices, args.lines))
        for tenant in app.store.tenants():
            print(f"{tenant['id']}  {tenant['name']}")
        return 0
    app.webhooks.start()
    print(f"Xero sandbox on http://{args.host}:{args.port}  (client id {args.client_id})", flush=True)
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False, request_handler=_quiet_handler(args))
    return 0


def _quiet_handler(args):
    from werkzeug.serving import WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        def log_request(self, code="-", size="-"):
            if not args.quiet:
                super().log_request(code, size)

    return Handler


if __name__ == "__main__":
    sys.exit(main())
