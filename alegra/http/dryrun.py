"""What ``--dry-run`` prints instead of sending a request."""

from alegra import jsonio
from alegra.i18n import N_, _

STRUCTURED = ("json", "yaml", "ndjson")


class DryRunRequest:
    """What a dry run shows instead of sending."""

    def __init__(self, method, url, payload, client, upload=None):
        self.method = method
        self.url = url
        self.payload = payload
        self.client = client
        # A multipart upload (alegra.http.upload.Upload): shown by its
        # part's name, file name and type, never its bytes.
        self.upload = upload

    @property
    def body(self):
        if self.upload is not None:
            return self.upload.describe()
        return None if self.payload is None else jsonio.loads(self.payload)

    def headers(self, show_token=False):
        auth = self.client.auth_header()
        if not show_token or auth is None:
            auth = ("Bearer" if self.client.scheme == "bearer"
                    else "Basic") + " <redacted>"
        headers = {"Accept": "application/json", "Authorization": auth}
        if self.upload is not None:
            headers["Content-Type"] = "multipart/form-data"
        elif self.payload is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def curl(self, show_token=False):
        import shlex

        words = ["curl", "-X", self.method, self.url]
        for name, value in self.headers(show_token).items():
            if self.upload is not None and name == "Content-Type":
                continue  # curl -F writes it, with the boundary
            words += ["-H", f"{name}: {value}"]
        if self.upload is not None:
            upload = self.upload
            words += ["-F", f"{upload.field}=@{upload.source};"
                            f"type={upload.content_type}"]
        elif self.payload is not None:
            words += ["--data-binary", self.payload.decode()]
        return " ".join(shlex.quote(word) for word in words)


def describe(request, show_token=False):
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers(show_token),
        "body": request.body,
        "curl": request.curl(show_token),
    }


SANDBOX_NOTE = N_(
    "Note: {url} is a temporary sandbox embedded in this run, gone when it "
    "ends; for a lasting one run 'alegra sandbox serve' and use the URL it "
    "prints (--base-url)")


def printer(stdout, output_format, show_token=False, stderr=None,
            sandbox_url=None):
    """A sink for :class:`alegra.http.client.Client` that prints each request.

    With ``-o json`` (or yaml, ndjson) the request is printed as one JSON
    object, so that a pipeline can inspect it; otherwise as text. With
    ``sandbox_url`` (``--sandbox``), the first request is preceded by a
    note on ``stderr`` that the URL will not outlive the command.
    """
    noted = []

    def show(request):
        if sandbox_url and stderr is not None and not noted:
            noted.append(True)
            stderr.write(_(SANDBOX_NOTE).format(url=sandbox_url) + "\n")
            stderr.flush()
        if output_format in STRUCTURED:
            text = jsonio.dumps(describe(request, show_token),
                                None if output_format == "ndjson" else 2)
            stdout.write(text + "\n")
        else:
            stdout.write(f"{request.method} {request.url}\n")
            if request.upload is not None:
                upload = request.upload
                stdout.write(_(
                    "multipart/form-data: part '{field}' = {name} "
                    "({content_type}, {size} bytes)").format(
                        field=upload.field, name=upload.name,
                        content_type=upload.content_type,
                        size=len(upload.content)) + "\n")
            elif request.payload is not None:
                stdout.write(jsonio.dumps(request.body, 2) + "\n")
            stdout.write(request.curl(show_token) + "\n")
        stdout.flush()

    return show
