"""Small helpers of the Odoo side: token encryption at rest, who may publish."""

import ast
from datetime import UTC, datetime

from cryptography.fernet import Fernet, InvalidToken
from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.tools import config
from odoo.tools.translate import _

from .const import CONFIG_TOKEN_KEY

# No environment reaches these helpers, so the module-level _ translates.
# pylint: disable=prefer-env-translation


def _fernet():
    key = config.get(CONFIG_TOKEN_KEY)
    if not key:
        raise UserError(_(
            "Xero tokens are encrypted with a key from the Odoo server configuration. "
            "Add '%s = <a Fernet key>' to the [options] of the Odoo configuration file "
            "and restart Odoo.", CONFIG_TOKEN_KEY,
        ))
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt(value):
    return _fernet().encrypt(value.encode()).decode() if value else False


def decrypt(value):
    if not value:
        return False
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise UserError(_(
            "The Xero tokens cannot be decrypted with the configured '%s'. "
            "Reconnect the organisation.", CONFIG_TOKEN_KEY,
        )) from exc


def env_on(cursor, env, su=True):
    """`env` on another cursor. The transaction is bound to the registry we already hold, so
    no registry lookup (and its process-wide lock) happens from a worker thread."""
    if cursor.transaction is None:
        cursor.transaction = api.Transaction(env.registry)
    return env(cr=cursor, su=su)


def epoch_to_datetime(epoch):
    """Seconds since the epoch -> naive UTC datetime, as Odoo stores them."""
    return datetime.fromtimestamp(float(epoch), tz=UTC).replace(tzinfo=None)


def check_publish_access(records):
    """Only Xero users who may edit these records, working in their companies, publish them."""
    env = records.env
    if not env.user.has_group("xero_connector.group_xero_user"):
        raise AccessError(env._("Only Xero users can publish documents to Xero."))
    records.check_access("write")
    outside = records.company_id - env.user.company_ids
    if outside:
        raise AccessError(env._("You do not work in %s.", ", ".join(outside.mapped("name"))))


def action_context(action):
    """An action's context as a dict (a window action read from the database keeps it as text)."""
    ctx = action.get("context") or {}
    if isinstance(ctx, str):
        try:
            ctx = ast.literal_eval(ctx.strip() or "{}")
        except (ValueError, SyntaxError):
            return None  # an expression the web client evaluates: left as it is
    return dict(ctx)


def for_companies(action, companies, first_only=False):
    """Open `action` for these companies, as Odoo's own multi-company links do: their ids lead
    `allowed_company_ids` in the action's context, so the screen shows their records (and its
    fields offer their accounts, journals, taxes) whichever company the switcher shows.

    Only companies the user may work in are allowed; `first_only` opens just these companies,
    otherwise the user's other companies follow (firm-wide lists)."""
    env = companies.env
    ctx = action_context(action)
    if ctx is None:
        return action
    mine = env.user.sudo().company_ids
    allowed = [c.id for c in companies if env.su or c in mine]
    if not first_only:
        allowed += [cid for cid in env.companies.ids + mine.ids if cid not in allowed]
    if allowed:
        # xero_company_ids: the web client keeps these companies for the screen
        # (static/src/js/company_scope.js); allowed_company_ids: the server reads in them
        ctx["allowed_company_ids"] = ctx["xero_company_ids"] = list(dict.fromkeys(allowed))
    action["context"] = ctx
    return action
