"""Files attached to documents.

Sources disagree on the upload format (multipart with a ``file`` part, or
JSON with the file in base64), so both are taken. The sandbox keeps the
name and size, not the bytes: the URL it returns is a placeholder.
"""

import base64
import binascii

from alegra.sandbox import errors
from alegra.sandbox.resources.documents import placeholder_url


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


def _upload(ctx):
    request = ctx.request
    if request is not None and request.files:
        upload = request.files.get("file")
        if upload is None:
            raise errors.required("file")
        return upload.filename or "archivo", len(upload.read())
    body = ctx.body()
    data = body.get("file")
    if not data or not isinstance(data, str):
        raise errors.required("file")
    try:
        content = base64.b64decode(data.split(",")[-1], validate=True)
    except (binascii.Error, ValueError):
        raise errors.invalid(
            errors.INVALID_VALUE,
            "El campo 'file' debe ser el archivo en base64") from None
    return str(body.get("name") or "archivo"), len(content)

