"""Contacts -> res.partner, linked by ContactID, never duplicated.

Matching of an unlinked contact: Xero ID, then tax number, then e-mail, then exact
normalised name, among the company's partners and shared ones. Two or more partners at the
first rule that finds any make a pending item for a person to choose; none creates one,
unless customer name mapping is on: then the name mapped to an Odoo customer links it, and an
unmapped name waits as a pending item ("no matching customer") until the name is mapped.
"""


from odoo.exceptions import ValidationError

from .. import conflicts
from ..mappers import pull as pull_mappers
from ..steps import _lt, conflict_reason, register
from .base import Importer


@register
class ContactImporter(Importer):
    key = "contacts"
    collection = "Contacts"
    label = _lt("Contacts")  # pylint: disable=prefer-env-translation
    id_key = "ContactID"
    paged = True

    def binding_model(self):
        return self.env["xero.contact"]

    def import_one(self, record, binding):
        vals = pull_mappers.contact_binding(record)
        if binding and binding.partner_id:
            if binding.xero_updated == vals["xero_updated"]:
                return "unchanged", ""
            if self.conn.direction_contacts == "both" and binding._edited_in_odoo():
                return self._edited_on_both_sides(record, binding, vals)
            self._save_partner(record, binding.partner_id)
            binding.write({**vals, **binding._agreed_vals(record, binding.partner_id)})
            return "updated", ""
        partners, rule = self._match(vals)
        if len(partners) > 1:
            return self.pending(record, "ambiguous_partner", self.env._(
                "%(count)s Odoo partners match this Xero contact by %(rule)s: %(names)s. "
                "Link the right one.",
                count=len(partners), rule=rule, names=", ".join(partners.mapped("display_name")),
            ))
        if not partners and self._names() is not None:
            partners = self._names().get(pull_mappers.normalise_name(vals["name"]))
            if not partners:
                self.env["xero.customer.name"]._hold(self.conn, vals["name"])
                return self.pending(record, "no_matching_customer", self.env._(
                    "No Odoo customer matches the Xero contact %s: choose its customer in "
                    "Xero > Mappings > Customer Names; the next sync links it and books its "
                    "documents.", vals["name"]))
            rule = self.env._("customer name mapping")
        outcome = "updated" if partners else "created"
        if not partners:
            partners = self._save_partner(record)
        self.write_binding(binding, {**vals, **self.binding_model()._agreed_vals(record, partners),
                                     "partner_id": partners.id})
        self._linked().add(partners.id)
        return outcome, rule or ""

    def _edited_on_both_sides(self, record, binding, vals):
        """The partner was edited in Odoo since the last sync, and Xero sends the contact changed.
        No compared field changed in Xero (a status, say): Odoo's edit stands and goes to Xero when
        it publishes. The same edit on both sides: agreed. Otherwise neither side is overwritten
        and a person chooses (a conflict pending item)."""
        xero_side = conflicts.contact_side_xero(record)
        if conflicts.fingerprint(xero_side) == binding.xero_hash:
            binding.write(vals)
            return "unchanged", ""
        if xero_side == binding._odoo_side():
            binding.write({**vals, **binding._agreed_vals(record, binding.partner_id)})
            return "unchanged", self.env._("the same change in Odoo and in Xero")
        return self.pending(record, "conflict", conflict_reason(self.env))

    def _names(self):
        """Customer name mapping ({name: partner}), or None when the setting is off."""
        if not hasattr(self, "_name_map"):
            names = self.env["xero.customer.name"]
            self._name_map = names._lookup(self.conn) if names._enabled() else None
        return self._name_map

    def _linked(self):
        """Partners already linked to a contact of this organisation (read once per step)."""
        if not hasattr(self, "_linked_ids"):
            self._linked_ids = set(self.env["xero.contact"].search(
                [("connection_id", "=", self.conn.id)]).partner_id.ids)
        return self._linked_ids

    def _save_partner(self, record, partner=None):
        """Create or update the partner. A tax number Odoo's VAT check refuses is left off the
        partner (it stays on the Xero contact mapping) and said on the job: the partner is
        still booked rather than dropped."""
        values = self._partner_values(record)
        if not partner:
            values["company_id"] = self.company.id

        def save(vals):
            if partner:
                partner.write(vals)
                return partner
            return self.env["res.partner"].create(vals)

        try:
            with self.env.cr.savepoint():
                return save(values)
        except ValidationError as exc:
            if not values.get("vat"):
                raise
            self.job._log(self.env._(
                "Contact %(name)s: Odoo refused the tax number %(vat)s (%(why)s); the partner is saved without it.",
                name=values["name"], vat=values["vat"], why=refusal_reason(self.env, exc),
            ))
            return save(dict(values, vat=False))

    def _partner_values(self, record):
        if not hasattr(self, "_countries"):
            self._countries = {c.code: c.id for c in self.env["res.country"].search([])}
        return pull_mappers.partner_values(record, self._countries)

    def _match(self, vals):
        partners = self.env["res.partner"].with_context(active_test=False)
        scope = [("company_id", "in", (self.company.id, False)), ("parent_id", "=", False)]
        scope.append(("id", "not in", list(self._linked())))
        number = pull_mappers.normalise_tax_number(vals["tax_number"])
        if number:
            found = partners.search(scope + [("vat", "!=", False)]).filtered(
                lambda p: pull_mappers.normalise_tax_number(p.vat) == number
            )
            if found:
                return found, self.env._("tax number")
        if vals["email"]:
            found = partners.search(scope + [("email", "=ilike", vals["email"])])
            if found:
                return found, self.env._("e-mail")
        name = pull_mappers.normalise_name(vals["name"])
        if name:
            first_word = name.split()[0]
            found = partners.search(scope + [("name", "ilike", first_word)]).filtered(
                lambda p: pull_mappers.normalise_name(p.name) == name
            )
            if found:
                return found, self.env._("name")
        return partners, None


def refusal_reason(env, exc):
    """Odoo's reason for refusing a value, its first line that says something (Odoo's messages
    may start with a blank line); a plain reason when it gave none."""
    lines = [line.strip() for line in str(getattr(exc, "args", [""])[0] or exc).splitlines()]
    reason = next((line for line in lines if line), "")
    return reason[:200] or env._("not a valid tax number for its country")
