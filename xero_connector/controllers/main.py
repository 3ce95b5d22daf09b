import json
import logging

from markupsafe import Markup, escape
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..const import CALLBACK_PATH
from ..xero_client.errors import XeroError

_logger = logging.getLogger(__name__)

LIST_URL = "/odoo/action-xero_connector.action_xero_connection"


class XeroController(http.Controller):
    @http.route(CALLBACK_PATH, type="http", auth="user", methods=["GET"])
    def oauth_callback(self, state=None, code=None, error=None, **_kw):
        """Xero sends the user back here after consent (code) or refusal (error)."""
        conn_model = request.env["xero.connection"]
        if error:
            return self._result_page(request.env._("Xero did not connect: %s.", error), ok=False)
        if not state or not code:
            return self._result_page(request.env._("This page expects a reply from Xero."), ok=False)
        try:
            conns, message = conn_model._finish_consent(state, code)
        except UserError as exc:
            return self._result_page(str(exc), ok=False)
        except XeroError as exc:
            _logger.info("Xero consent failed: %s", exc.message)
            return self._result_page(request.env._("Xero refused the connection: %s", exc.message), ok=False)
        return self._result_page(message, ok=True, count=len(conns))

    def _result_page(self, message, ok, count=0):
        # A small page, then back to the list: the result stays readable after the redirect.
        css = "alert-success" if ok else "alert-danger"
        body = Markup(
            '<!DOCTYPE html><html><head><meta charset="utf-8"/>'
            '<meta http-equiv="refresh" content="%(delay)s;url=%(url)s"/>'
            '<link rel="stylesheet" href="/web/static/lib/bootstrap/dist/css/bootstrap.css"/>'
            "<title>Xero</title></head><body class=\"p-5\">"
            '<div class="alert %(css)s o_xero_result" data-ok="%(ok)s" data-count="%(count)s">%(msg)s</div>'
            '<a class="btn btn-primary" href="%(url)s">%(back)s</a></body></html>'
        ) % {
            "delay": 2 if ok else 30, "url": LIST_URL, "css": css, "ok": int(ok),
            "count": count, "msg": escape(message), "back": request.env._("Back to Xero connections"),
        }
        return request.make_response(body, headers=[("Content-Type", "text/html; charset=utf-8")])

    @http.route("/xero/webhooks", type="http", auth="public", methods=["POST"], csrf=False,
                save_session=False)
    def webhooks(self, **_kw):
        """Xero's webhook deliveries: 401 unless signed with our key, else 200 at once.

        The work is only queued here (a sync job, woken through the scheduler), so the reply
        leaves well within Xero's 5 seconds.
        """
        body = request.httprequest.get_data()
        events = request.env["xero.webhook.event"].sudo()
        if not events._signature_ok(body, request.httprequest.headers.get("x-xero-signature")):
            return request.make_response("", status=401)
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return request.make_response("", status=400)
        events._receive(payload)
        return request.make_response("", status=200)
