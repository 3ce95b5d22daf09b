"""A document's partner becomes a Xero contact before the document goes: the part of
documents.DocumentPublisher that finds, adopts, creates and updates contacts.

An existing Xero contact found by tax number, e-mail or exact name is adopted, never duplicated;
the others are created in batches; partners edited in Odoo since their contact was last synced
are sent (for kinds published both ways, a contact Xero changed too is held as a conflict).
Contacts linked before two-sided edits were tracked take what Xero holds now as their baseline.

    class DocumentPublisher(ContactPublishing, BatchExporter): ...
    self._find_contacts(partners)      # adopt what Xero already has
    self._create_contacts(partners)    # the rest, in batches
"""

from .. import conflicts
from ..mappers import publish as publish_mappers
from ..mappers import pull as pull_mappers
from ..records import read_page

CONTACT_LOOKUP_CHUNK = 10  # partners per `where` search for existing contacts


class ContactPublishing:
    """Mixed into a BatchExporter whose records have partners (`_partner`), with `_contacts`
    (partner id -> ContactID) and `_contact_errors` set up by its __init__."""

    _partner_dict = staticmethod(conflicts.partner_dict)

    def _find_contacts(self, partners):
        """Adopt the Xero contacts these partners already are (tax number, e-mail, exact name).

        One `where` search per few partners; Xero compares strings as typed, so a tax number
        typed with other spacing is then looked for in one pass over all contacts (only when a
        partner with a tax number is still unmatched)."""
        partners = list(partners)
        for start in range(0, len(partners), CONTACT_LOOKUP_CHUNK):
            chunk = partners[start:start + CONTACT_LOOKUP_CHUNK]
            where = publish_mappers.contact_where([self._partner_dict(p) for p in chunk])
            self._match_contacts(chunk, self._read_contacts(self.xero.find("Contacts", where=where) if where else []))
        left = [p for p in partners if p.id not in self._contacts and p.vat]
        if left:
            self._match_contacts(left, self._read_contacts(self.xero.find("Contacts")), rules=("tax number",))

    def _read_contacts(self, replies):
        """Xero's contacts read once, at the page edge; an unreadable one is never adopted."""
        page = read_page("contacts", replies)
        for bad in page.unreadable:
            self.job._log(self.env._("A contact Xero sent could not be read (%(field)s %(why)s): not adopted.",
                                     field=bad.field, why=bad.reason))
        return page.records

    def _match_contacts(self, partners, found, rules=None):
        for partner in partners:
            if partner.id in self._contacts:
                continue
            contact, rule = publish_mappers.match_contact(self._partner_dict(partner), found)
            if contact and (not rules or rule in rules):
                self._adopt_contact(partner, contact, self.env._("found in Xero by %s", rule))

    def _adopt_contact(self, partner, contact, how):
        """Bind the partner to a checked Xero contact (records.Contact)."""
        Binding = self.env["xero.contact"].with_context(active_test=False)
        binding = Binding.search([("connection_id", "=", self.conn.id), ("xero_id", "=", contact.contact_id)])
        vals = {**pull_mappers.contact_binding(contact), **Binding._agreed_vals(contact, partner)}
        if not binding:
            Binding.create({**vals, "connection_id": self.conn.id, "partner_id": partner.id})
        elif not binding.partner_id:
            binding.write({**vals, "partner_id": partner.id})
        self._contacts[partner.id] = contact.contact_id
        self.job._log(self.env._("Contact %(name)s: %(how)s.", name=partner.name, how=how))

    def _create_contacts(self, partners):
        partners = list(partners)
        for start in range(0, len(partners), self.batch_size):
            self._create_contact_batch(partners[start:start + self.batch_size])

    def _create_contact_batch(self, partners):
        payloads = [publish_mappers.contact_payload(self._partner_dict(p)) for p in partners]
        results = self.xero.save_batch("Contacts", payloads, idempotency_key=self.idempotency_key(payloads))
        for partner, result in zip(partners, results, strict=False):
            messages = [e["Message"] for e in result.get("ValidationErrors") or [] if e.get("Message")]
            created = self._read_contacts([result["Element"]]) if result.get("ID") else []
            if created:
                self._adopt_contact(partner, created[0], self.env._("created in Xero"))
            elif result.get("ID"):  # in Xero, but its reply is unreadable: found by name next run
                self._contact_errors[partner.id] = self.env._("Xero's reply could not be read; sent again next run.")
            elif publish_mappers.duplicate_name(messages):
                # Xero keeps one active contact per name: that one is this partner
                name = publish_mappers.contact_payload(self._partner_dict(partner))["Name"]
                found = self._read_contacts(self.xero.find("Contacts", where=publish_mappers.contact_where(
                    [{"name": name}])))
                contact, _rule = publish_mappers.match_contact({"name": name}, found)
                if contact:
                    self._adopt_contact(partner, contact, self.env._("Xero already has a contact of that name"))
                else:
                    self._contact_errors[partner.id] = "; ".join(messages)
            else:
                self._contact_errors[partner.id] = "; ".join(messages) or self.env._("Xero did not accept it.")

    def _publish_edited_contacts(self):
        """Partners edited in Odoo since their contact was last synced: Xero gets the change; with
        "Both", unless Xero changed the contact too (then a person chooses). A link made before
        Odoo kept fingerprints takes what Xero holds now as its baseline (never today's Odoo
        values, which would hide the edits Odoo made since): a partner differing from it is sent."""
        if not publish_mappers.publishes(self.conn.direction_contacts):
            return
        domain = [("connection_id", "=", self.conn.id), ("partner_id", "!=", False)]
        if self.job.only_ids:
            domain.append(("xero_id", "in", (self.job.only_ids or {}).get("contacts") or []))
        bindings = self.env["xero.contact"].with_context(active_test=False).search(domain, order="status, id")
        legacy = bindings.filtered(lambda b: not b.odoo_hash)
        if legacy:
            self._take_xero_baseline(legacy)
            legacy = legacy.filtered(lambda b: not b.odoo_hash)  # not read in Xero: the next run
        edited = (bindings - legacy).filtered(lambda b: b._edited_in_odoo())
        if not edited:
            return
        waiting = set(self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", "contacts"), ("state", "=", "open"),
            ("reason_code", "=", "conflict"), ("xero_id", "in", edited.mapped("xero_id"))]).mapped("xero_id"))
        edited = edited.filtered(lambda b: b.xero_id not in waiting)
        if self.conn.direction_contacts == "both":
            edited = self._hold_contact_conflicts(edited)
        for start in range(0, len(edited), self.batch_size):
            self._update_contacts(edited[start:start + self.batch_size])

    def _take_xero_baseline(self, bindings):
        """Links made before Odoo kept fingerprints: their contacts as Xero holds them now (one call
        per 50) become both sides' baseline."""
        ids = bindings.mapped("xero_id")
        found = {}
        for start in range(0, len(ids), self.batch_size):
            reply = self.xero.get("Contacts", params={"IDs": ",".join(ids[start:start + self.batch_size])})
            found.update({c.contact_id: c for c in self._read_contacts((reply or {}).get("Contacts") or [])})
        for binding in bindings:
            contact = found.get(binding.xero_id)
            if contact:
                binding.write({**pull_mappers.contact_binding(contact), **binding._xero_baseline_vals(contact)})
        if found:
            self.job._log(self.env._(
                "%s contacts linked before two-sided edits were tracked take Xero's current values as their "
                "baseline: partners that differ from them are sent to Xero.", len(found)))

    def _hold_contact_conflicts(self, bindings):
        """Bindings whose contact Xero did not change since the last sync (one call per 50);
        a contact changed on both sides becomes a conflict pending item instead."""
        found = {}
        ids = bindings.mapped("xero_id")
        for start in range(0, len(ids), self.batch_size):
            reply = self.xero.get("Contacts", params={"IDs": ",".join(ids[start:start + self.batch_size])})
            found.update({c.contact_id: c for c in self._read_contacts((reply or {}).get("Contacts") or [])})
        send = self.env["xero.contact"]
        for binding in bindings:
            contact = found.get(binding.xero_id)
            if not (contact and contact.updated_date_utc and binding.xero_updated
                    and contact.updated_date_utc > binding.xero_updated):
                send |= binding
                continue
            side = conflicts.contact_side_xero(contact)
            if conflicts.fingerprint(side) == binding.xero_hash:  # no compared field changed in Xero
                binding.write(pull_mappers.contact_binding(contact))
                send |= binding
            elif side == binding._odoo_side():  # the same change on both sides
                agreed = binding._agreed_vals(contact, binding.partner_id)
                binding.write({**pull_mappers.contact_binding(contact), **agreed})
            else:
                self._conflict("contacts", contact, contact.name)
        return send

    def _update_contacts(self, bindings):
        """Partners edited in Odoo since their contact was last synced: Xero gets the change."""
        if not bindings:
            return
        payloads = [publish_mappers.contact_payload(self._partner_dict(b.partner_id), b.xero_id) for b in bindings]
        results = self.xero.save_batch("Contacts", payloads, idempotency_key=self.idempotency_key(payloads),
                                       update=True)
        for binding, result in zip(bindings, results, strict=False):
            updated = self._read_contacts([result["Element"]]) if result.get("ID") else []
            if updated:
                binding.write({**pull_mappers.contact_binding(updated[0]),
                               **binding._agreed_vals(updated[0], binding.partner_id)})
            else:
                messages = [e["Message"] for e in result.get("ValidationErrors") or [] if e.get("Message")]
                self.job._log(self.env._("Contact %(name)s not updated in Xero: %(why)s",
                                         name=binding.partner_id.name, why="; ".join(messages)))
