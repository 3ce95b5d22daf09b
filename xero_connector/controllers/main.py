import json
import logging

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..const import CALLBACK_PATH, PARAM_TIER
from ..xero_client.errors import XeroError

_logger = logging.getLogger(__name__)

LIST_URL = "/odoo/action-xero_connector.action_xero_connection"


class XeroController(http.Controller):
    @http.route(CALLBACK_PATH, type="http", auth="user", methods=["GET"])
    def oauth_callback(self, state=None, code=None, error=None, **_kw):
        """Xero sends the user back here after consent (code) or refusal (error)."""
        conn_model = request.env["xero.connection"]
        if error:
            message, hint = self._refusal_words(error)
            return self._result_page(message, ok=False, hint=hint)
        if not state or not code:
            return self._result_page(request.env._("This page expects a reply from Xero."), ok=False)
        try:
            conns, message = conn_model._finish_consent(state, code)
        except UserError as exc:
            return self._result_page(str(exc), ok=False)
        except XeroError as exc:
            _logger.info("Xero consent failed: %s", exc.message)
            return self._result_page(request.env._("Xero refused the connection: %s", exc.message), ok=False)
        hint = ""
        if request.env["ir.config_parameter"].sudo().get_param(PARAM_TIER, "core") not in ("advanced", "custom"):
            hint = request.env._("One consent brings one organisation below Xero's Advanced tier: for the next "
                                 "client, press Connect Xero organisations again.")
        return self._result_page(message, ok=True, count=len(conns), hint=hint)

    @staticmethod
    def _refusal_words(error):
        """Xero's OAuth error codes in the user's words: (message, what to do)."""
        env = request.env
        if error == "access_denied":
            return (env._("No organisation was connected: the consent was cancelled on Xero's page."),
                    env._("Press Connect Xero organisations to try again, and Allow access on Xero's page."))
        if error in ("invalid_client", "unauthorized_client"):
            return (env._("Xero does not know this Odoo's app: check the client ID and secret in Settings."), "")
        if error == "invalid_scope":
            if env["xero.connection"].sudo()._payroll_assets_check_on():
                return (env._("Xero refused the access this connector asks for."),
                        env._("Check that the Xero app may use the accounting, fixed assets and payroll "
                              "settings scopes, or turn off Check payroll and fixed assets in Settings."))
            return (env._("Xero refused the access this connector asks for."),
                    env._("Check that the Xero app may use the accounting scopes."))
        return (env._("Xero did not connect the organisation (Xero said: %s).", error), "")

    def _result_page(self, message, ok, count=0, hint=""):
        return request.render("xero_connector.consent_result", {
            "message": message, "ok": ok, "count": count, "hint": hint, "back_url": LIST_URL,
        })

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
