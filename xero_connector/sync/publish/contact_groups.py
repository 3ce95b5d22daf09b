"""Odoo partner tags -> Xero contact groups and their members, when contacts are published.

The tags sent are those carried by partners linked to the organisation's contacts, and tags
already linked to a group. A tag without a group adopts Xero's active group of the same name,
or a new group is created (PUT, one per tag: there are few). Then each group's members become
the linked partners carrying the tag: missing ones are added (one PUT per group); when contacts
are only published (not both ways), members whose partner no longer carries the tag are
removed. Xero members with no Odoo partner are left alone. Runs after documents are published,
so the contacts they created are members too.
"""

from ...xero_client.errors import XeroValidationError
from ..mappers import items as item_mappers
from ..mappers import publish as publish_mappers
from ..steps import _lt, commit, register
from .batch import BatchExporter


@register
class ContactGroupPublisher:
    key = "publish_contact_groups"
    label = _lt("Publish contact groups to Xero")  # pylint: disable=prefer-env-translation

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id

    def run(self, deadline=None):
        if not publish_mappers.publishes(self.conn.direction_contacts):
            return True
        contacts = self.env["xero.contact"].search([("connection_id", "=", self.conn.id), ("partner_id", "!=", False)])
        Group = self.env["xero.contact.group"]
        links = Group.search([("connection_id", "=", self.conn.id)])
        tags = contacts.partner_id.category_id | links.category_id
        if not tags:
            return True
        unlinked = tags - links.filtered("xero_id").category_id
        if unlinked:
            links |= self._link(unlinked, links)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        for link in links.filtered(lambda g: g.xero_id and g.status == "ACTIVE"):
            try:
                outcome = self._members(link, contacts)
            except XeroValidationError as exc:
                self.job._log(self.env._("Contact group %(name)s: %(why)s", name=link.name, why=exc.message))
                outcome = "errors"
            counts[outcome] += 1
            commit(self.env)
        self.job._count_step(self.key, {k: v for k, v in counts.items() if v})
        commit(self.env)
        return True

    def _link(self, tags, links):
        """Tags -> groups: Xero's active group of the same name, or a new one."""
        Group = self.env["xero.contact.group"]
        existing = {(g.get("Name") or "").strip().lower(): g for g in
                    self.xero.get_all("ContactGroups") if isinstance(g, dict) and g.get("ContactGroupID")}
        made = Group
        for tag in tags:
            found = existing.get(tag.name.strip().lower())
            created = False
            if not found:
                payload = {"ContactGroups": [{"Name": tag.name[:255]}]}
                try:
                    reply = self.xero.put("ContactGroups", payload,
                                          idempotency_key=BatchExporter.idempotency_key([payload]))
                except XeroValidationError as exc:
                    self.job._log(self.env._("Tag %(tag)s not sent to Xero: %(why)s", tag=tag.name, why=exc.message))
                    self.job._count_step(self.key, {"errors": 1})
                    continue
                found, created = (reply.get("ContactGroups") or [{}])[0], True
            vals = {"xero_id": found["ContactGroupID"], "name": found.get("Name") or tag.name, "status": "ACTIVE"}
            link = links.filtered(lambda g, t=tag: g.category_id == t)
            if link:
                link.write(vals)
            else:
                made |= Group.create({**vals, "connection_id": self.conn.id, "category_id": tag.id})
            self.job._log(self.env._("Tag %(tag)s: %(how)s.", tag=tag.name, how=self.env._(
                "a new contact group in Xero") if created else self.env._("Xero's contact group of that name")))
        commit(self.env)
        return made

    def _members(self, link, contacts):
        reply = self.xero.get(f"ContactGroups/{link.xero_id}")
        group = next(iter(reply.get("ContactGroups") or []), {})
        in_xero = {c.get("ContactID") for c in group.get("Contacts") or [] if isinstance(c, dict)}
        linked = set(contacts.mapped("xero_id"))
        wanted = {c.xero_id for c in contacts if link.category_id in c.partner_id.category_id}
        to_add, to_remove = item_mappers.membership_changes(in_xero & linked, wanted)
        if to_add:
            body = {"Contacts": [{"ContactID": c} for c in to_add]}
            self.xero.put(f"ContactGroups/{link.xero_id}/Contacts", body,
                          idempotency_key=BatchExporter.idempotency_key([link.xero_id, body]))
        removed = 0
        if self.conn.direction_contacts == "publish":
            for contact_id in to_remove:
                self.xero.delete(f"ContactGroups/{link.xero_id}/Contacts/{contact_id}")
                removed += 1
        if to_add or removed:
            self.job._log(self.env._("Contact group %(name)s: %(added)s added, %(removed)s removed.",
                                     name=link.name, added=len(to_add), removed=removed))
            return "updated"
        return "unchanged"
