"""Sales invoices: draft, open, closed and void; numbering; stamping.

A new invoice is a draft unless it says ``"status": "open"``, carries
payments, or asks to be stamped (``stamp.generateStamp``), in which case
it is opened, numbered and stamped. Opening takes the next number of its
template. A stamped invoice is immutable (only its comments change); it
can still be voided and reopened, and corrected with a credit note.
"""

from alegra.sandbox import errors, ledger, stamping, totals, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.documents import (
    DocumentResource, Emailable, Voidable, manual_ref, placeholder_url,
    resolve_template, set_number, take_number, template_ref)

MAX_STAMP_BATCH = 10


class Invoices(attachments.Attachable, Voidable, Emailable,
               DocumentResource):
    name = "invoices"
    label = "la factura"
    event = "invoice"
    template_type = "invoice"
    statuses = ("draft", "open", "closed", "void")
    defaults = {}
    item_actions = ("void", "open", "email", "attachment")
    # The preview is of an invoice being created: its body is the invoice.
    collection_actions = ("stamp", "preview")

    def extra_rules(self):
        return [*super().extra_rules(),
                (f"{self.url}/<int:key>/retentionsApplied", "PUT",
                 "handle_retentions")]

    def handle_show(self, ctx, key):
        """``fields=pdf`` adds the invoice's PDF URL, as Alegra does."""
        status, doc = super().handle_show(ctx, key)
        wanted = (ctx.args.get("fields") or "").split(",")
        if "pdf" in wanted:
            doc = {**doc, "pdf": placeholder_url(f"invoice-{key}", ctx)
                   + ".pdf"}
        return status, doc

    def handle_retentions(self, ctx, key):
        """Replace the retentions applied to an open invoice; an empty
        array removes them all."""
        doc = self.fetch(ctx, key)
        if doc.get("status") != "open":
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                f"Solo se editan las retenciones de una factura abierta; "
                f"la factura {key} está {doc.get('status')}")
        given = ctx.body().get("retentions")
        if not isinstance(given, list):
            raise errors.required("retentions")
        doc["retentions"] = values.as_list(given, "retentions")
        ctx.session.save(self.name, doc)
        return 200, doc

    # -- create and update --------------------------------------------------

    def create(self, ctx, body, key=None):
        stamp = stamping.wants_stamp(body)
        payments = values.as_list(body.get("payments"), "payments")
        if payments and ctx.settings and "payments" in ctx.settings.gated:
            raise errors.plan_limit()
        status = body.get("status")
        if status not in (None, "draft", "open"):
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                "Una factura nueva solo puede quedar en estado 'draft' u "
                "'open'")
        if stamp or payments:
            status = "open"
        doc = {**self.writable(ctx, body), "status": status or "draft",
               "datetime": ctx.now().strftime("%Y-%m-%d %H:%M:%S")}
        doc.pop("payments", None)
        for field, value in ctx.country.invoice_defaults.items():
            doc.setdefault(field, value)
        doc, _ = self.build(ctx, doc, None)
        self.number(ctx, doc)
        doc["totalPaid"] = totals.money(0, ctx.precision)
        doc["payments"] = []
        template = stamping.check(ctx, doc) if stamp else None
        doc = ctx.session.insert(self.name, doc, key=key)
        if stamp:
            stamping.issue(ctx, self.name, doc, template)
            ctx.session.save(self.name, doc)
        for payment in payments:
            self.pay(ctx, doc, payment)
        return ctx.session.get(self.name, doc["id"])

    def build(self, ctx, doc, current):
        doc["date"] = doc.get("date") or ctx.today()
        if not doc.get("dueDate") and ctx.country.due_date_defaults_to_date:
            doc["dueDate"] = doc["date"]
        return super().build(ctx, doc, current)

    def number(self, ctx, doc):
        """A draft names its template; an open invoice also its number."""
        ref = doc.get("numberTemplate")
        if isinstance(ref, dict) and ref.get("fullNumber"):
            return
        if isinstance(ref, dict) and ref.get("id") is not None:
            ref = {"id": ref["id"]}
        template, manual = resolve_template(ctx, ref, self.template_type)
        if manual is not None:
            set_number(doc, manual_ref(manual))
        elif template is None:
            raise errors.invalid(
                errors.UNKNOWN_REFERENCE,
                "No hay una numeración de facturas activa")
        elif doc["status"] == "draft":
            set_number(doc, template_ref(ctx, template))
        else:
            set_number(doc, template_ref(ctx, template,
                                         take_number(ctx, template)))

    def pay(self, ctx, doc, payment):
        if not isinstance(payment, dict):
            raise errors.invalid(errors.INVALID_VALUE,
                                 "Cada pago debe ser un objeto")
        ctx.resource("payments").create(ctx, {
            "type": "in",
            "date": payment.get("date") or doc["date"],
            "bankAccount": payment.get("account") or payment.get(
                "bankAccount"),
            "paymentMethod": payment.get("paymentMethod") or "cash",
            "client": {"id": doc["client"]["id"]},
            "invoices": [{"id": doc["id"], "amount": payment.get("amount")}],
        })

    def check_editable(self, ctx, current, body):
        if current.get("stamp") and set(body) - {"comments"}:
            raise errors.invalid(
                errors.STAMPED_IS_IMMUTABLE,
                "La factura ya fue emitida y no se puede editar; para "
                "corregirla emite una nota crédito")
        if current.get("status") == "void":
            raise errors.invalid(
                errors.NOT_EDITABLE,
                "La factura está anulada; ábrela antes de editarla")

    def update(self, ctx, key, body):
        current = self.fetch(ctx, key)
        self.check_editable(ctx, current, body)
        if body and set(body) <= {"comments"}:
            current["comments"] = body.get("comments")
            ctx.session.save(self.name, current)
            return current
        status = body.get("status", current["status"])
        if status != current["status"] and not (
                current["status"] == "draft" and status == "open"):
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                f"No se puede pasar la factura de '{current['status']}' a "
                f"'{status}' editándola; usa las acciones void u open")
        stamp = stamping.wants_stamp(body)
        doc = super().update(ctx, key, {
            **body, "status": "open" if stamp else status})
        ledger.refresh(ctx, [(self.name, doc["id"])])
        doc = ctx.session.get(self.name, doc["id"])
        if ledger.balance_of(doc) < 0:
            raise errors.invalid(
                errors.ALLOCATION_EXCEEDS_BALANCE,
                "El nuevo total de la factura es menor que lo ya pagado o "
                "acreditado")
        if stamp:
            template = stamping.check(ctx, doc)
            stamping.issue(ctx, self.name, doc, template)
            ctx.session.save(self.name, doc)
        return doc

    def build_status(self, ctx, doc, current):
        super().build_status(ctx, doc, current)
        # Catalog values (payment method, form, type) as the country has.
        ctx.country.check_invoice(doc)
        if current is not None and (doc["status"] != current["status"]
                                    or doc["status"] == "draft"):
            self.number(ctx, doc)

    def check_deletable(self, ctx, doc):
        if doc.get("stamp"):
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "La factura ya fue emitida y no se puede eliminar; anúlala "
                "o emite una nota crédito")
        if ctx.session.ledger_sources(self.name, doc["id"]):
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "La factura tiene pagos o notas crédito asociados; anúlalos "
                "antes de eliminarla")

    # -- actions ------------------------------------------------------------

    def voiding(self, ctx, doc):
        status = ctx.country.cancelled_legal_status
        if doc.get("stamp") and status:
            doc["stamp"]["legalStatus"] = status

    def action_open(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc["status"] not in ("void", "draft"):
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                f"La factura {key} ya está en estado '{doc['status']}'")
        doc["status"] = "open"
        self.number(ctx, doc)
        ctx.session.save(self.name, doc)
        ledger.refresh(ctx, [(self.name, key)])
        return 200, ctx.session.get(self.name, key)

    def collection_stamp(self, ctx):
        """``POST /invoices/stamp`` with ``{"ids": [...]}`` or
        ``{"invoices": [{"id": ...}]}``, at most ten."""
        body = ctx.body()
        refs = body.get("ids")
        if refs is None:
            refs = body.get("invoices")
        refs = values.as_list(refs, "ids")
        if not refs:
            raise errors.required("ids")
        if len(refs) > MAX_STAMP_BATCH:
            raise errors.invalid(
                errors.STAMP_BATCH_TOO_LARGE,
                f"Se pueden emitir máximo {MAX_STAMP_BATCH} facturas por "
                f"petición; se enviaron {len(refs)}")
        keys = list(dict.fromkeys(values.to_id(ref, "ids") for ref in refs))
        stamped = []
        for key in keys:
            doc = self.fetch(ctx, key)
            if doc["status"] == "draft":
                doc["status"] = "open"
                self.number(ctx, doc)
            template = stamping.check(ctx, doc)
            stamping.issue(ctx, self.name, doc, template)
            ctx.session.save(self.name, doc)
            stamped.append(doc)
        return 200, stamped

    def collection_preview(self, ctx):
        """The URL of the PDF of the invoice in the body, not created."""
        body = ctx.body()
        if "id" in body:
            raise errors.invalid(
                errors.UNKNOWN_FIELD, "La vista previa es de una factura por "
                "crear: envía la factura, no el id de una existente")
        self.writable(ctx, body)
        for field in ("client", "items"):
            if body.get(field) in (None, "", [], {}):
                raise errors.required(field)
        return 200, {"url": placeholder_url("invoice-preview", ctx)
                     + ".pdf"}
