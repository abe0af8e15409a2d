"""Files attached to documents.

Alegra takes an upload as ``multipart/form-data`` with one part named
``file`` (developer.alegra.com, bills-upload_bill_attachment) and answers
anything else with its error 904, as the sandbox does: a JSON body with
the file in base64 (what an older CLI sent) is refused. The sandbox keeps
the name and size, not the bytes: the URL it returns is a placeholder.
"""

from alegra.sandbox import errors
from alegra.sandbox.resources.documents import placeholder_url

# Alegra's code for an upload that is not multipart with a ``file`` part.
INVALID_ATTACHMENT = 904


def attach(ctx, resource, key):
    doc = resource.fetch(ctx, key)
    name, size = _upload(ctx)
    attachment = {
        "id": ctx.session.next_value("id:attachments"),
        "name": name,
        "size": size,
        "url": placeholder_url(f"{resource.name}-{key}", ctx) + f"-{name}",
    }
    doc["attachments"] = [*(doc.get("attachments") or []), attachment]
    ctx.session.save(resource.name, doc)
    return 201, attachment


def detach(ctx, resource, file_id):
    holders = ctx.session.find(
        resource.name, "EXISTS (SELECT 1 FROM json_each(doc, "
        "'$.attachments') WHERE json_extract(value, '$.id') = ?)",
        (file_id,))
    if not holders:
        raise errors.not_found("el archivo adjunto", file_id)
    doc = holders[0]
    doc["attachments"] = [attachment for attachment in doc["attachments"]
                          if attachment.get("id") != file_id]
    ctx.session.save(resource.name, doc)
    return 200, {"code": 200,
                 "message": "Se eliminó el archivo adjunto correctamente"}


def detach_rule(resource):
    """The route of ``DELETE /{resource}/attachment/{fileId}``."""
    return (f"{resource.url}/attachment/<int:file_id>", "DELETE",
            "handle_detach")


def _upload(ctx):
    request = ctx.request
    upload = None
    if request is not None and request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
    if upload is None:
        raise errors.invalid(
            INVALID_ATTACHMENT,
            "Adjunto inválido: envía multipart/form-data con un solo campo "
            "de archivo llamado 'file'")
    return upload.filename or "archivo", len(upload.read())


class Attachable:
    """A resource that takes files: ``POST /<resource>/<id>/attachment``
    and ``DELETE /<resource>/attachment/<fileId>``."""

    def action_attachment(self, ctx, key):
        return attach(ctx, self, key)

    def handle_detach(self, ctx, file_id):
        return detach(ctx, self, file_id)

    def extra_rules(self):
        return [*super().extra_rules(), detach_rule(self)]

