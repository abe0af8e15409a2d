"""Request bodies from ``-f FILE``, ``-d JSON`` and ``--set key=value``."""

import json

from alegra import jsonio
from alegra.errors import UsageError
from alegra.i18n import N_, _

# More digits than this cannot round-trip through a float, and such values
# are account numbers or identifications, never quantities.
MAX_NUMERIC_DIGITS = 15
# No Alegra document nests this deep; deeper is a mistake (or an attack on
# the recursion limit of every walker downstream).
MAX_DEPTH = 64
# What jsonio.number_problem says, as whole sentences to translate.
NUMBER_PROBLEMS = {
    f"has more than {jsonio.MAX_DIGITS} digits": N_(
        "{field} in {source} has more than {digits} digits: {shown}"),
    "is too large for a JSON number (beyond a double's range)": N_(
        "{field} in {source} is too large for a JSON number (beyond a "
        "double's range): {shown}"),
    "is too small for a JSON number (a double reads it as 0)": N_(
        "{field} in {source} is too small for a JSON number (a double "
        "reads it as 0): {shown}"),
}


class NotANumber(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: Python's JSON reads them, but
    they are not JSON, and no server would take them."""

    def __init__(self, constant):
        super().__init__(constant)
        self.constant = constant


def _refuse_constant(constant):
    raise NotANumber(constant)


def strict_loads(text):
    """JSON with exact numbers (see jsonio) and without NaN or Infinity."""
    return json.loads(text, parse_float=jsonio.Number,
                      parse_int=jsonio.parse_int,
                      parse_constant=_refuse_constant)


def parse_value(text, keep_text=False):
    """The value of a ``--set`` or a CSV cell.

    JSON when it parses (numbers, booleans, arrays, objects, null), otherwise
    the text itself. Text that only looks numeric keeps its text: leading
    zeros, a leading ``+``, or more than 15 digits. ``keep_text`` is set for
    fields the resource declares as text (identification numbers, phones,
    references, postal codes): objects and arrays still parse there, so
    ``--set 'identification={"type": "NIT", "number": "900"}'`` works.
    """
    if not keep_text:
        _refuse_absurd_digits(text)
    if _looks_numeric_but_is_text(text):
        return text
    try:
        value = strict_loads(text)
    except RecursionError:
        raise UsageError(_("the value {start}... is nested too deeply "
                           "(more than {depth} levels)").format(
                               start=text[:20], depth=MAX_DEPTH)) from None
    except ValueError:
        return text
    if keep_text and not isinstance(value, (dict, list)):
        return text
    return value


def _refuse_absurd_digits(text):
    """A value of digits past jsonio.MAX_DIGITS is no quantity, code or
    identification: a mistake, refused rather than sent as text."""
    body = text.strip().lstrip("+-")
    if len(body) <= jsonio.MAX_DIGITS or not body.replace(
            ".", "", 1).isdigit():
        return
    raise UsageError(_("the value {start}...{end} has more than {digits} "
                       "digits").format(start=body[:12], end=body[-8:],
                                        digits=jsonio.MAX_DIGITS),
                     _("nothing was sent"))


def _looks_numeric_but_is_text(text):
    body = text.strip()
    if body.startswith("+"):
        return True
    unsigned = body.lstrip("-")
    digits = unsigned.split(".")[0]
    if not digits.isdigit():
        return False
    if len(digits) > 1 and digits.startswith("0"):
        return True
    return sum(ch.isdigit() for ch in unsigned) > MAX_NUMERIC_DIGITS


def split_assignment(text, option="--set"):
    """``key=value`` into its two halves, or a usage error that says why."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageError(_("{option} {text!r}: expected key=value").format(
            option=option, text=text))
    if any(not part for part in key.split(".")):
        raise UsageError(_("{option} {text!r}: empty segment in key "
                           "{key!r}").format(option=option, text=text,
                                             key=key))
    return key, value


def set_path(body, dotted_key, value):
    """Set ``value`` at ``a.b.c`` in ``body``, creating objects on the way.

    A numeric segment indexes into an existing list (``items.0.price``).
    """
    parts = dotted_key.split(".")
    target = body
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if isinstance(target, list):
            # An index of more digits than any list could have is not
            # one (and int() of thousands of digits is slow).
            if (not part.isdigit() or len(part) > 18
                    or int(part) >= len(target)):
                raise UsageError(
                    _("--set {key}: {where} is a list with {count} entries; "
                      "{part!r} is not an index in it").format(
                          key=dotted_key, where=".".join(parts[:position]),
                          count=len(target), part=part))
            key = int(part)
        elif isinstance(target, dict):
            key = part
        else:
            raise UsageError(
                _("--set {key}: {where} is not an object").format(
                    key=dotted_key, where=".".join(parts[:position])))
        if last:
            target[key] = value
            return body
        child = target[key] if _has(target, key) else None
        if child is None:
            child = target[key] = {}
        target = child
    return body


def _has(target, key):
    if isinstance(target, list):
        return key < len(target)
    return key in target


def parse_json_document(text, source):
    """Parse JSON text, or a one-line usage error naming line and column."""
    try:
        return strict_loads(text)
    except NotANumber as exc:
        raise UsageError(
            _("{source} holds {shown}, which is not a JSON number").format(
                source=source, shown=exc.constant),
            _("send a number, or null")) from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            _("{source} is not valid JSON: {reason} at line {line}, column "
              "{column}").format(source=source, reason=exc.msg,
                                 line=exc.lineno, column=exc.colno)
        ) from None
    except RecursionError:
        raise UsageError(_("{source} is nested too deeply (more than "
                           "{depth} levels)").format(
                               source=source, depth=MAX_DEPTH)) from None


def check(value, source=None):
    """Refuse a body the server could not take, before it is sent: nesting
    deeper than MAX_DEPTH, text that is not valid UTF-8 (lone surrogates,
    from bytes that were not UTF-8 or an escaped ``\\udcff``), and numbers
    no JSON reader holds (see :func:`alegra.jsonio.number_problem`)."""
    if source is None:
        source = _("the body")
    # The walk is iterative and visits every node once: bounded by the
    # body's size, never by the values in it.
    pending = [(value, ())]
    while pending:
        item, path = pending.pop()
        if len(path) >= MAX_DEPTH:
            raise UsageError(_("{source} is nested too deeply (more than "
                               "{depth} levels)").format(
                                   source=source, depth=MAX_DEPTH))
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, source)
                pending.append((child, path + (key,)))
        elif isinstance(item, list):
            pending.extend((child, path + (index,))
                           for index, child in enumerate(item))
        elif isinstance(item, str):
            _check_text(item, source)
        else:
            _check_number(item, path, source)
    return value


def _check_number(item, path, source):
    why = jsonio.number_problem(item)
    if why is None:
        return
    shown = jsonio.number_text(item) if not isinstance(item, int) \
        else _("a whole number of {bits} bits").format(
            bits=item.bit_length())
    if len(shown) > 24:
        shown = shown[:12] + "..." + shown[-8:]
    if "not a JSON number" in why:
        raise UsageError(_("{source} holds {shown}, which is not a JSON "
                           "number").format(source=source, shown=shown),
                         _("send a number, or null"))
    sentence = NUMBER_PROBLEMS.get(why)
    fields = {"field": field_name(path), "source": source, "shown": shown}
    raise UsageError(
        _(sentence).format(digits=jsonio.MAX_DIGITS, **fields) if sentence
        else _("{field} in {source} {why}: {shown}").format(why=why,
                                                             **fields),
        _("nothing was sent; quote it if it is a code, not a quantity"))


def field_name(path):
    """``items[0].price`` for the path ``("items", 0, "price")``."""
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name or _("the body")


def _check_text(text, source):
    if not isinstance(text, str):
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(
            _("{source} is not valid UTF-8 text: {start!r} is followed by "
              "bytes that are not UTF-8").format(source=source,
                                                 start=text[:exc.start]),
            _("check the encoding of the input")) from None


def read_file_body(path, stdin):
    if path == "-":
        if stdin is None or stdin.closed:
            raise UsageError(_("-f -: standard input is closed"))
        try:
            text = stdin.read()
        except UnicodeDecodeError:
            raise UsageError(_("standard input is not UTF-8 text")) from None
        return parse_json_document(text, _("standard input"))
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise UsageError(_("{path} is not UTF-8 text").format(
            path=path)) from None
    return parse_json_document(text, path)


def natural_day(raw):
    """``raw`` as ``YYYY-MM-DD`` when it is a natural date (``today``,
    ``tomorrow``, ``30d``), else unchanged (JSON, an exact date, anything
    else, which the checks and the server judge as written)."""
    from alegra.inputs import dates

    text = raw.strip()
    if not text or text[0] in "\"{[" or dates.looks_exact(text):
        return raw
    try:
        return dates.parse(text).first.isoformat()
    except ValueError:
        return raw


def build(file=None, data=None, assignments=(), stdin=None, text_fields=(),
          is_date=None):
    """The body of a request, or None when nothing was given.

    ``file`` and ``data`` are alternatives (giving both is a usage error);
    every ``key=value`` of ``assignments`` is merged on top. Where
    ``is_date(key)`` says a field holds a day, ``--set`` takes the natural
    dates ``--since`` does (``today``, ``7d``; see :mod:`dates`).
    """
    if file is not None and data is not None:
        raise UsageError(_("give the body with -f/--file or -d/--data, not "
                           "both"))
    body = None
    if file is not None:
        body = read_file_body(file, stdin)
    elif data is not None:
        body = parse_json_document(data, "--data")
    if assignments:
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise UsageError(_("--set needs the body to be a JSON object"))
        for assignment in assignments:
            key, raw = split_assignment(assignment)
            if key.count(".") >= MAX_DEPTH:
                raise UsageError(_("--set: the key {start}... is nested too "
                                   "deeply (more than {depth} levels)").format(
                                       start=key[:40], depth=MAX_DEPTH))
            try:
                if is_date is not None and is_date(key):
                    raw = natural_day(raw)
                value = parse_value(raw, key in text_fields)
            except UsageError as exc:
                raise UsageError(_("--set {key}: {reason}").format(
                    key=key, reason=exc.message), exc.hint) from None
            set_path(body, key, value)
    if body is not None:
        source = (_("standard input") if file == "-" else file) or (
            "--data" if data is not None else "--set")
        check(body, source)
    return body
