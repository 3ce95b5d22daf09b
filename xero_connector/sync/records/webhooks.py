"""Xero's webhook deliveries at the edge: the signed body's events, checked, each unreadable one
named with its reason.

    events, problems = read_webhook(json.loads(body))
"""

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from .base import Name, XeroId, _kind, describe


class WebhookEvent(BaseModel):
    """One event of a webhook delivery (Xero's camelCase keys)."""

    model_config = ConfigDict(alias_generator=to_camel, frozen=True, extra="ignore", populate_by_name=True)
    tenant_id: XeroId
    event_category: Name
    event_type: Name
    resource_id: XeroId
    event_date_utc: Name | None = None


def read_webhook(payload):
    """A webhook delivery -> ([WebhookEvent], [reasons for the events that cannot be read])."""
    events = payload.get("events") if isinstance(payload, dict) else payload
    if not isinstance(events, list) or not isinstance(payload, dict):
        return [], [f"the delivery is not a list of events but {_kind(events)}"]
    read, problems = [], []
    for index, event in enumerate(events, 1):
        try:
            read.append(WebhookEvent.model_validate(event))
        except ValidationError as exc:
            field, reason = describe(exc)
            problems.append(f"event {index}: {field} {reason}".replace(" : ", ": "))
    return read, problems
