"""What ``--dry-run`` prints instead of sending a request."""

from alegra import jsonio

STRUCTURED = ("json", "yaml", "ndjson")


def describe(request, show_token=False):
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers(show_token),
        "body": request.body,
        "curl": request.curl(show_token),
    }


def printer(stdout, output_format, show_token=False):
    """A sink for :class:`alegra.client.Client` that prints each request.

    With ``-o json`` (or yaml, ndjson) the request is printed as one JSON
    object, so that a pipeline can inspect it; otherwise as text.
    """

    def show(request):
        if output_format in STRUCTURED:
            text = jsonio.dumps(describe(request, show_token),
                                None if output_format == "ndjson" else 2)
            stdout.write(text + "\n")
        else:
            stdout.write(f"{request.method} {request.url}\n")
            if request.payload is not None:
                stdout.write(jsonio.dumps(request.body, 2) + "\n")
            stdout.write(request.curl(show_token) + "\n")
        stdout.flush()

    return show
