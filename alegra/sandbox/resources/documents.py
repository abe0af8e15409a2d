"""Commercial documents: a party, lines, totals and a number.

Invoices, bills, credit notes, quotes, remissions and the rest share how a
body becomes a stored document: the client (or provider) reference is
expanded, each line is priced from its item and taxes, the totals are
computed (see :mod:`alegra.sandbox.totals`) and, when the document is
numbered, the number comes from its numbering template.
"""

import decimal

from alegra.sandbox import errors, listing, totals, values
from alegra.sandbox.resources.base import Resource

ZERO = decimal.Decimal(0)

# Fields of the client copied into the documents that name it.
PARTY_FIELDS = ("id", "name", "identification", "email", "phonePrimary",
                "mobile", "address")

DOCUMENT_ORDER = {"id": "id", "date": "date", "dueDate": "due_date",
                  "status": "status", "number": "number", "name": "name"}


def party_filters(prefix="client"):
    return {
        "client_id": listing.ids_in("party_id"),
        f"{prefix}_name": listing.contains(
            listing.json_path(f"{prefix}.name")),
        f"{prefix}_identification": listing.equals(
            listing.json_path(f"{prefix}.identification")),
    }


def resolve_party(ctx, value, field, label):
    key = values.to_id(value, field)
    contact = ctx.lookup("contacts", key)
    if contact is None:
        raise errors.unknown_reference(label, key)
    return contact


def party_ref(contact):
    return {field: contact[field] for field in PARTY_FIELDS
            if contact.get(field) is not None}


def resolve_taxes(ctx, refs, field):
    """Tax objects for ``[{"id": 3}]``, ``[3]`` or ``{"id": 3}``."""
    found = []
    for ref in values.as_list(refs, field):
        key = values.to_id(ref, f"{field}.id")
        tax = ctx.lookup("taxes", key)
        if tax is None:
            raise errors.unknown_reference("el impuesto", key)
        found.append(tax)
    return found


def item_price(item):
    price = item.get("price")
    if isinstance(price, list):
        price = price[0].get("price") if price else 0
    return decimal.Decimal(price or 0)


def build_line(ctx, line, field, reference, places):
    """``(stored line, amounts)`` of one line of a document.

    ``reference`` is the resource a line points at: ``items`` for product
    lines, ``categories`` for lines against a ledger account.
    """
    if not isinstance(line, dict):
        raise errors.invalid(errors.INVALID_VALUE,
                             f"Cada elemento de '{field}' debe ser un objeto")
    key = values.optional_id(line, "id")
    if key is None:
        raise errors.required(f"{field}.id")
    target = ctx.lookup(reference, key)
    if target is None:
        raise errors.unknown_reference(
            "el ítem" if reference == "items" else "la cuenta contable", key)
    price = line.get("price")
    price = (values.to_decimal(price, f"{field}.price", minimum=0)
             if price not in (None, "") else item_price(target))
    quantity = values.to_decimal(
        line.get("quantity", 1), f"{field}.quantity", minimum=0)
    discount = values.to_decimal(
        line.get("discount") or 0, f"{field}.discount", minimum=0,
        maximum=100)
    tax_refs = line["tax"] if "tax" in line else target.get("tax")
    taxes = resolve_taxes(ctx, tax_refs, f"{field}.tax")
    gross, discount_amount, tax_amounts = totals.line_amounts(
        price, quantity, discount, [decimal.Decimal(tax["percentage"])
                                    for tax in taxes])
    stored = {
        "id": key,
        "name": line.get("name") or target.get("name"),
        "price": price,
        "discount": discount,
        "quantity": quantity,
        "tax": [{"id": tax["id"], "name": tax.get("name"),
                 "percentage": tax["percentage"], "type": tax.get("type"),
                 "amount": totals.quantize(amount, places)}
                for tax, amount in zip(taxes, tax_amounts)],
        "total": totals.quantize(
            gross - discount_amount + sum(tax_amounts, ZERO), places),
    }
    for field, value in line.items():
        stored.setdefault(field, value)
    for extra in ("reference", "description", "productKey"):
        if stored.get(extra) is None and target.get(extra) is not None:
            stored[extra] = target[extra]
    return stored, (gross, discount_amount, tax_amounts)


def build_lines(ctx, lines, field, reference="items"):
    places = ctx.precision
    built = [build_line(ctx, line, f"{field}.{position}", reference, places)
             for position, line in enumerate(values.as_list(lines, field))]
    return [line for line, _ in built], [amounts for _, amounts in built]


# -- numbering ------------------------------------------------------------

def default_template(ctx, document_type):
    templates = ctx.session.find(
        "number-templates", "kind = ? AND status = 'active'",
        (document_type,))
    for template in templates:
        if template.get("isDefault"):
            return template
    return templates[0] if templates else None


def resolve_template(ctx, value, document_type):
    """The numbering template a body asks for; ``(None, manual)`` for a
    manual number (``{"prefix": "A", "number": 12}``)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if value in (None, "", {}):
        return default_template(ctx, document_type), None
    if isinstance(value, dict) and value.get("id") in (None, ""):
        if value.get("number") in (None, ""):
            raise errors.required("numberTemplate.number")
        return None, value
    key = values.to_id(value, "numberTemplate")
    template = ctx.session.get("number-templates", key)
    if template is None:
        raise errors.unknown_reference("la numeración", key)
    if template.get("documentType") != document_type:
        raise errors.invalid(
            errors.INVALID_VALUE,
            f"La numeración {key} es de tipo "
            f"'{template.get('documentType')}' y no sirve para este "
            f"documento ({document_type})")
    if template.get("status", "active") != "active":
        raise errors.invalid(errors.INVALID_VALUE,
                             f"La numeración {key} está inactiva")
    return template, None


def template_ref(ctx, template, number=None):
    """The ``numberTemplate`` object a document shows."""
    formatted = full = None
    if number is not None:
        padding = (ctx.country.electronic_number_padding
                   if template.get("isElectronic") else 0)
        formatted = str(number).zfill(padding)
        full = f"{template.get('prefix') or ''}{formatted}"
    return {
        "id": template["id"],
        "prefix": template.get("prefix") or "",
        "number": None if number is None else str(number),
        "text": template.get("invoiceText"),
        "documentType": template.get("documentType"),
        "isElectronic": bool(template.get("isElectronic")),
        "formattedNumber": formatted,
        "fullNumber": full,
    }


def set_number(doc, ref):
    """Give ``doc`` its ``numberTemplate`` and the top-level ``number``
    the user guides read (``jq '{number, status}'``)."""
    doc["numberTemplate"] = ref
    doc["number"] = ref.get("fullNumber")


def manual_ref(manual):
    prefix = str(manual.get("prefix") or "")
    number = str(manual["number"])
    return {"id": None, "prefix": prefix, "number": number,
            "isElectronic": False, "formattedNumber": number,
            "fullNumber": f"{prefix}{number}"}


def take_number(ctx, template):
    """The template's next number, which is then used up."""
    template = ctx.session.get("number-templates", template["id"])
    number = int(template.get("nextInvoiceNumber") or 1)
    maximum = template.get("maxInvoiceNumber")
    if maximum is not None and number > int(maximum):
        raise errors.invalid(
            errors.NUMBERING_EXHAUSTED,
            f"La numeración '{template.get('name')}' llegó a su número "
            f"máximo ({maximum}); configura una nueva resolución")
    template["nextInvoiceNumber"] = number + 1
    ctx.session.save("number-templates", template)
    return number


def placeholder_url(kind, ctx):
    """A URL for a file the sandbox does not produce (a PDF, an upload)."""
    return (f"https://sandbox.alegra.test/files/{kind}-"
            f"{ctx.rng.getrandbits(64):016x}")


class DocumentResource(Resource):
    """A document with a party, priced lines and totals."""

    party_field = "client"
    party_label = "el cliente"
    party_required = True
    lines_field = "items"
    lines_required = True
    # documentType of its numbering templates, when it has them.
    template_type = None
    # Whether a new document takes its number when created.
    numbered = False
    statuses = ("open", "closed", "void")
    defaults = {"status": "open"}
    read_only = ("id", "subtotal", "discount", "tax", "total", "totalPaid",
                 "balance", "stamp")
    order_fields = DOCUMENT_ORDER

    def __init__(self):
        self.extra_filters = {
            **party_filters(self.party_field),
            **listing.date_filters("date", "date"),
            **listing.date_filters("dueDate", "due_date"),
            "number": listing.equals("number"),
            "numberTemplate_fullNumber": listing.equals("number"),
            "item_id": listing.in_lines(self.lines_path()),
            **self.extra_filters,
        }
        super().__init__()

    def lines_path(self):
        return self.lines_field

    def index(self, doc):
        columns = super().index(doc)
        party = doc.get(self.party_field)
        columns["party_id"] = party.get("id") if party else None
        columns["name"] = party.get("name") if party else None
        return columns

    def build(self, ctx, doc, current):
        doc["date"] = values.to_date(doc.get("date") or ctx.today(), "date")
        if doc.get("dueDate") not in (None, ""):
            doc["dueDate"] = values.to_date(doc["dueDate"], "dueDate")
        self.build_status(ctx, doc, current)
        self.build_party(ctx, doc)
        doc.update(self.build_totals(ctx, doc))
        if current is None and self.numbered:
            self.assign_number(ctx, doc)
        return doc, None

    def build_status(self, ctx, doc, current):
        status = doc.get("status")
        if status is not None:
            values.one_of(status, self.statuses, "status")

    def build_party(self, ctx, doc):
        value = doc.get(self.party_field)
        if value in (None, "", {}):
            if self.party_required:
                raise errors.required(self.party_field)
            doc.pop(self.party_field, None)
            return None
        contact = resolve_party(ctx, value, self.party_field,
                                self.party_label)
        doc[self.party_field] = party_ref(contact)
        return contact

    def build_totals(self, ctx, doc):
        lines = doc.get(self.lines_field)
        if self.lines_required and not lines:
            raise errors.required(self.lines_field)
        stored, amounts = build_lines(ctx, lines, self.lines_field)
        if lines is not None:
            doc[self.lines_field] = stored
        result = totals.document_totals(amounts, ctx.precision)
        result["balance"] = result["total"]
        return result

    def assign_number(self, ctx, doc):
        """Give the document its number (from its template, or manual)."""
        template, manual = resolve_template(
            ctx, doc.get("numberTemplate"), self.template_type)
        if manual is not None:
            set_number(doc, manual_ref(manual))
        elif template is not None:
            set_number(doc, template_ref(
                ctx, template, take_number(ctx, template)))
        else:
            doc["number"] = str(ctx.session.next_value(f"number:{self.name}"))


class Voidable:
    """``POST /{id}/void`` and ``POST /{id}/open``."""

    def action_void(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc.get("status") == "void":
            raise errors.invalid(errors.INVALID_STATUS_CHANGE,
                                 f"{self.label.capitalize()} ya está anulada")
        doc["status"] = "void"
        self.voiding(ctx, doc)
        ctx.session.save(self.name, doc)
        return 200, self.render(ctx, doc)

    def action_open(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc.get("status") != "void":
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                f"Solo se puede abrir {self.label} cuando está anulada")
        doc["status"] = "open"
        ctx.session.save(self.name, doc)
        return 200, self.render(ctx, doc)

    def voiding(self, ctx, doc):
        pass


class Emailable:
    """``POST /{id}/email`` with ``{"emails": [...]}``."""

    def action_email(self, ctx, key):
        self.fetch(ctx, key)
        body = ctx.body()
        emails = body.get("emails")
        if isinstance(emails, str):
            emails = [emails]
        if not emails or not isinstance(emails, list):
            raise errors.required("emails")
        for email in emails:
            if not isinstance(email, str) or "@" not in email:
                raise errors.invalid(
                    errors.INVALID_VALUE,
                    f"El correo '{email}' no es válido")
        return 200, {"code": 200, "message": "El documento fue enviado por "
                     f"correo a {', '.join(emails)}"}


# Alegra's code for a comments body that is not an array.
MALFORMED_COMMENTS = 11103


class Commentable:
    """``POST /{id}/comments``; comments are editable on any document."""

    def action_comments(self, ctx, key):
        """The body is ``{"comments": [{"text": ...}, ...]}``, as Alegra
        documents it; anything else is its error 11103. The answer holds
        the comments added."""
        doc = self.fetch(ctx, key)
        given = ctx.body().get("comments")
        texts = [entry.get("text") if isinstance(entry, dict) else entry
                 for entry in given] if isinstance(given, list) else None
        if not texts or not all(isinstance(text, str) and text.strip()
                                for text in texts):
            raise errors.invalid(
                MALFORMED_COMMENTS, "comments mal formado: debe ser un "
                "arreglo de objetos con su texto ({\"text\": ...})")
        added = [{"id": ctx.session.next_value("id:comments"),
                  "comment": text,
                  "date": ctx.now().strftime("%Y-%m-%d %H:%M:%S")}
                 for text in texts]
        doc["comments"] = [*(doc.get("comments") or []), *added]
        ctx.session.save(self.name, doc)
        return 201, {"comments": added}

    def extra_rules(self):
        path = f"{self.url}/<int:key>/comments/<int:comment_id>"
        return [*super().extra_rules(),
                (path, "PUT", "handle_comment_update"),
                (path, "DELETE", "handle_comment_delete")]

    def _comment(self, ctx, key, comment_id):
        doc = self.fetch(ctx, key)
        for comment in doc.get("comments") or []:
            if comment.get("id") == comment_id:
                return doc, comment
        raise errors.not_found("el comentario", comment_id)

    def handle_comment_update(self, ctx, key, comment_id):
        doc, comment = self._comment(ctx, key, comment_id)
        text = ctx.body().get("comment") or ctx.body().get("text")
        if not text:
            raise errors.required("comment")
        comment["comment"] = str(text)
        ctx.session.save(self.name, doc)
        return 200, comment

    def handle_comment_delete(self, ctx, key, comment_id):
        doc, comment = self._comment(ctx, key, comment_id)
        doc["comments"] = [other for other in doc["comments"]
                           if other is not comment]
        ctx.session.save(self.name, doc)
        return 200, {"code": 200, "message": "Se eliminó el comentario "
                     "correctamente"}
