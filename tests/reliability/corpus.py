"""The bad-input corpus: every channel alegra reads, and what must happen.

Each case is data: the channel, a label, the argv, and optionally standard
input, environment variables, files (``@name`` in argv, config or env is
replaced by the file's path) and a configuration file. For every case
alegra must print one ``Error:`` line on stderr, exit non-zero, show no
traceback, and send nothing to the recording stand-in for Alegra.
"""

import collections

Case = collections.namedtuple(
    "Case", "channel label argv stdin env files config",
    defaults=("", None, None, None))

CASES = []


def case(channel, label, *argv, stdin="", env=None, files=None, config=None):
    CASES.append(Case(channel, label, list(argv), stdin, env, files, config))


# -- ids: path segments, separators and bytes that are not text ---------------

BAD_IDS = {
    "dot": ".", "dotdot": "..", "empty": "", "blank": " ", "slash": "1/2",
    "parent": "../users", "backslash": "a\\b", "query": "1?x=2",
    "fragment": "1#2", "percent": "%2e%2e", "control": "\x01",
    "surrogate": "1\udcff",
    "word": "abc", "negative": "-1", "fraction": "1.5", "short-uuid":
        "0190a6c4-7b1e-7000-8000-00000000000",
}
ID_COMMANDS = {
    "contacts-get": ("contacts", "get"),
    "contacts-delete": ("contacts", "delete", "{id}", "-y"),
    "contacts-update": ("contacts", "update", "{id}", "-d", '{"name": "x"}'),
    "invoices-get": ("invoices", "get"),
    "invoices-void": ("invoices", "void"),
    "items-get": ("items", "get"),
}
for command_name, words in ID_COMMANDS.items():
    for id_name, value in BAD_IDS.items():
        argv = [value if word == "{id}" else word for word in words]
        if "{id}" not in words:
            argv.append(value)
        case("id", f"{command_name}-{id_name}", *argv)

# -- -d: inline bodies --------------------------------------------------------

BAD_BODIES = {
    "unclosed": "{", "truncated-list": "[1,", "bare-word": "nul",
    "single-quotes": "{'name': 'x'}", "nan": '{"price": NaN}',
    "infinity": '{"price": Infinity}', "minus-infinity": '{"p": -Infinity}',
    "deep": "[" * 100000 + "]" * 100000,
    "deep-objects": '{"a":' * 200 + "1" + "}" * 200,
    "trailing": '{"name": "x"} y', "empty": "",
    "surrogate": '{"name": "a\udcff"}',
    "escaped-surrogate": '{"name": "a\\udcff"}',
    "nan-nested": '{"items": [{"price": NaN}]}',
    # Numbers no JSON reader holds (and int() of which ran for hours).
    "huge-exponent": '{"name": "a", "price": 1e999999999}',
    "huge-negative": '{"name": "a", "price": -1e999999999}',
    "double-overflow": '{"name": "a", "price": 1e400}',
    "tiny-exponent": '{"name": "a", "price": 1e-999999999}',
    "five-thousand-digits": '{"name": "a", "price": ' + "9" * 5000 + "}",
    "huge-nested": '{"items": [{"price": 1e999999999}]}',
    "an-array": "[]", "a-string": '"x"', "a-number": "1",
}
for resource in ("contacts", "items", "invoices"):
    for name, text in BAD_BODIES.items():
        case("data", f"{resource}-create-{name}", resource, "create",
             "-d", text)

# -- -f FILE and -f - ---------------------------------------------------------

BAD_FILES = {
    "not-utf8": b'{"name": "\xff\xfe"}', "invalid": b"{",
    "nan": b'{"price": NaN}', "empty": b"", "deep": b"[" * 5000 + b"]" * 5000,
    "latin1": '{"name": "Espa\xf1a"}'.encode("latin-1"),
    "huge-exponent": b'{"name": "a", "x": 1e999999999}',
    "five-thousand-digits": b'{"name": "a", "x": ' + b"9" * 5000 + b"}",
    "an-array": b"[]",
    "utf16": '{"name": "x"}'.encode("utf-16"),
}
for name, data in BAD_FILES.items():
    case("file", f"contacts-create-{name}", "contacts", "create", "-f",
         "@body", files={"body": data})
    case("stdin", f"contacts-create-{name}", "contacts", "create", "-f",
         "-", stdin=data)
case("file", "missing", "contacts", "create", "-f", "/nonexistent/x.json")
case("file", "directory", "contacts", "create", "-f", "@dir/",
     files={"dir/": None})
case("file", "both-file-and-data", "contacts", "create", "-f", "@body",
     "-d", "{}", files={"body": b"{}"})

# -- --set --------------------------------------------------------------------

BAD_SETS = {
    "no-equals": "name", "no-key": "=x", "empty-segment": "a..b=1",
    "leading-dot": ".a=1", "trailing-dot": "a.=1",
    "deep-key": ".".join(["a"] * 200) + "=1", "surrogate": "name=a\udcff",
    "surrogate-key": "na\udcffme=x",
    "huge-exponent": "price=1e999999999", "double-overflow": "x=1e400",
    "deep-value": "k=" + "[" * 50000 + "]" * 50000,
    "deep-value-65": "k=" + "[" * 65 + "]" * 65,
    "absurd-digits": "price=" + "9" * 5000,
}
for name, text in BAD_SETS.items():
    case("set", name, "contacts", "create", "--set", text)
case("set", "index-out-of-range", "contacts", "create", "-d",
     '{"items": []}', "--set", "items.5.price=1")
case("set", "on-a-list-body", "contacts", "create", "-d", "[]", "--set",
     "a=1")
case("set", "into-a-number", "contacts", "create", "-d", '{"a": 1}',
     "--set", "a.b=1")

# -- the configuration file ---------------------------------------------------

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join(
        [f"*{chr(97 + n)}"] * 9) + "]" for n in range(10)]) + "\n"
BAD_CONFIGS = {
    "invalid-yaml": "profiles: [\n", "a-list": "- a\n- b\n",
    "profiles-list": "profiles: [a, b]\n",
    "profile-not-mapping": "profiles:\n  a: 1\n",
    "default-profile-list": "default_profile: [a]\n",
    "base-url-list": "profiles:\n  default:\n    base_url: [a, b]\n",
    "email-mapping": "profiles:\n  default:\n    email: {a: 1}\n",
    "country-number": "profiles:\n  default:\n    country: 57\n",
    "settings-list": "settings: [a]\n",
    "timeout-text": "settings:\n  timeout: soon\n",
    "timeout-negative": "settings:\n  timeout: -1\n",
    "alias-bomb": ALIAS_BOMB, "self-alias": "a: &a [*a]\n",
    "deep": "a: " + "[" * 3000 + "]" * 3000 + "\n",
    "huge": "# padding\n" * 120000,
    "python-tag": "a: !!python/object/apply:os.system [echo]\n",
    "base-url-no-scheme":
        "profiles:\n  default:\n    base_url: api.alegra.com\n",
    "base-url-ftp": "profiles:\n  default:\n    base_url: ftp://x.test\n",
    "retry-wait-text": "settings:\n  retry_wait: forever\n",
    "output-unknown": "profiles:\n  default:\n    output: frob\n",
}
for name, text in BAD_CONFIGS.items():
    env = {"ALEGRA_BASE_URL": None} if "base-url" in name else None
    case("config", name, "contacts", "list", config=text, env=env)
case("config", "not-utf8", "contacts", "list", config=b"a: \xff\n")
case("config", "alegra-config-directory", "config", "use", "x",
     env={"ALEGRA_CONFIG": "@confdir/"}, files={"confdir/": None})
case("config", "alegra-config-fifo", "config", "use", "x",
     env={"ALEGRA_CONFIG": "@fifo"}, files={"fifo": "fifo"})
case("config", "alegra-config-fifo-read", "contacts", "list",
     env={"ALEGRA_CONFIG": "@fifo"}, files={"fifo": "fifo"})
case("config", "alegra-config-under-a-file", "config", "use", "x",
     env={"ALEGRA_CONFIG": "@plain/config.yaml"}, files={"plain": b"x"})

# -- environment variables ----------------------------------------------------

BAD_ENV = {
    "sandbox-maybe": {"ALEGRA_SANDBOX": "maybe"},
    "dry-run-2": {"ALEGRA_DRY_RUN": "2"},
    "debug-words": {"ALEGRA_DEBUG": "yes please"},
    "quiet-x": {"ALEGRA_QUIET": "x"},
    "show-token-t": {"ALEGRA_SHOW_TOKEN": "t"},
    "base-url-ftp": {"ALEGRA_BASE_URL": "ftp://x.test/api"},
    "base-url-no-scheme": {"ALEGRA_BASE_URL": "api.alegra.com/api/v1"},
    "base-url-blank": {"ALEGRA_BASE_URL": " "},
    "base-url-bad-port": {"ALEGRA_BASE_URL": "http://127.0.0.1:99999/"},
    "base-url-no-host": {"ALEGRA_BASE_URL": "https://"},
    "retry-wait-text": {"ALEGRA_RETRY_WAIT": "soon"},
    "retry-wait-negative": {"ALEGRA_RETRY_WAIT": "-1"},
    "retry-wait-infinite": {"ALEGRA_RETRY_WAIT": "inf"},
    "retry-backoff-nan": {"ALEGRA_RETRY_BACKOFF": "nan"},
    "profile-bad-name": {"ALEGRA_PROFILE": "bad name!"},
    "output-unknown": {"ALEGRA_OUTPUT": "frob"},
    "output-empty": {"ALEGRA_OUTPUT": ""},
}
for name, env in BAD_ENV.items():
    case("env", name, "contacts", "list", env=env)

# -- options ------------------------------------------------------------------

BAD_OPTIONS = {
    "output-empty-global": ("-o", "", "contacts", "list"),
    "output-empty-after": ("contacts", "list", "-o", ""),
    "output-unknown": ("contacts", "list", "-o", "frob"),
    "base-url-empty": ("--base-url", "", "contacts", "list"),
    "base-url-no-scheme": ("--base-url", "x.test", "contacts", "list"),
    "base-url-javascript": ("--base-url", "javascript:alert(1)", "contacts",
                            "list"),
    "start-negative": ("contacts", "list", "--start", "-1"),
    "start-text": ("contacts", "list", "--start", "abc"),
    "limit-zero": ("contacts", "list", "--limit", "0"),
    "limit-text": ("contacts", "list", "--limit", "ten"),
    "order-sideways": ("invoices", "list", "--order-direction", "sideways"),
    "order-field-unknown": ("invoices", "list", "--order-field", "frob"),
    "date-not-a-date": ("invoices", "list", "--date", "2026-13-45"),
    "since-words": ("invoices", "list", "--since", "the day after"),
    "date-after-text": ("invoices", "list", "--date-after", "soon"),
    "until-before-since": ("invoices", "list", "--since", "2026-02-01",
                           "--until", "x"),
    "unknown-option": ("contacts", "list", "--frobnicate"),
    "abbreviated-global": ("--sand", "contacts", "list"),
    "profile-bad-name": ("--profile", "bad name!", "contacts", "list"),
    "count-and-all": ("contacts", "list", "--count", "--all", "--frob"),
    "param-no-equals": ("contacts", "list", "--param", "x"),
    "columns-empty-after-unknown": ("contacts", "list", "--columns"),
    "verbose-and-quiet": ("-v", "--quiet", "contacts", "list"),
    "show-token-alone-bad-url": ("--base-url", "x", "contacts", "list",
                                 "--dry-run", "--show-token"),
}
for name, argv in BAD_OPTIONS.items():
    case("option", name, *argv)

# -- argv: commands and words -------------------------------------------------

BAD_ARGV = {
    "unknown-command": ("frobnicate",),
    "unknown-verb": ("contacts", "frob"),
    "missing-id": ("contacts", "get"),
    "extra-word": ("contacts", "get", "1", "2"),
    "surrogate-command": ("contacts\udcff", "list"),
    "surrogate-query": ("contacts", "list", "-q", "a\udcff"),
    "surrogate-option-value": ("contacts", "list", "--name", "\udcff"),
    "create-without-body": ("contacts", "create"),
    "config-use-bad-name": ("config", "use", "bad name!"),
    "config-set-profile-bad-url": ("config", "set-profile", "a",
                                   "--base-url", "x.test"),
    "config-set-profile-bad-email": ("config", "set-profile", "a",
                                     "--email", "nobody"),
    "config-set-country-empty": ("config", "set-country", ""),
    "sandbox-serve-port": ("sandbox", "serve", "--port", "99999"),
    "sandbox-serve-rate-limit-0": ("sandbox", "serve", "--port", "0",
                                   "--rate-limit", "0"),
    "sandbox-serve-fail-rate-2": ("sandbox", "serve", "--port", "0",
                                  "--fail-rate", "2"),
    "sandbox-serve-latency-nan": ("sandbox", "serve", "--port", "0",
                                  "--latency", "nan"),
}
for name, argv in BAD_ARGV.items():
    case("argv", name, *argv)

# -- import files (contacts import) -------------------------------------------

BAD_IMPORTS = {
    # (a CSV that is not UTF-8 is read as Latin-1 with a warning, by design)
    "json-entry-not-object": ("rows.json", b'[{"name": "x"}, 3]'),
    "ndjson-nan": ("rows.ndjson", b'{"name": "a", "p": NaN}\n'),
    "json-not-a-list": ("rows.json", b'{"name": "x"}'),
    "json-invalid": ("rows.json", b"[{"),
    "json-nan": ("rows.json", b'[{"name": "x", "price": NaN}]'),
    "json-deep": ("rows.json", b"[" * 5000 + b"]" * 5000),
    "ndjson-invalid-line": ("rows.ndjson", b'{"name": "a"}\n{\n'),
    "empty-file": ("rows.csv", b""),
    "json-list-of-numbers": ("rows.json", b"[1, 2, 3]"),
}
for name, (filename, data) in BAD_IMPORTS.items():
    case("import", name, "contacts", "import", "-f", f"@{filename}",
         files={filename: data})
case("import", "missing-file", "contacts", "import", "-f", "/nonexistent.csv")
case("import", "directory", "contacts", "import", "-f", "@dir/",
     files={"dir/": None})
case("import", "bad-map", "contacts", "import", "-f", "@rows.csv", "--map",
     "novalue", files={"rows.csv": b"name\nx\n"})

# -- the options and channels added for the API, the terminal and MCP 

NEW_INPUTS = {
    "lang-unknown": ("--lang", "xx", "contacts", "list"),
    "rate-negative": ("--rate", "-1", "contacts", "list"),
    "rate-word": ("--rate", "lots", "contacts", "list"),
    "timeout-word": ("--timeout", "soon", "contacts", "list"),
    "timeout-zero": ("--timeout", "0", "contacts", "list"),
    "fields-comma-only": ("invoices", "get", "1", "--fields", ","),
    "attach-missing-file": ("bills", "attach", "7", "/nonexistent.pdf"),
    "attach-directory": ("bills", "attach", "7", "@dir/"),
    "attach-no-file": ("bills", "attach", "7"),
    "transfer-to-word": ("bank-accounts", "transfer", "3", "--to", "abc",
                         "--set", "amount=1"),
    "close-bad-date": ("bills", "close", "7", "--date", "mañana-no",
                       "--category", "5"),
    "comments-empty-text": ("bills", "comments", "7", "--text", ""),
    "delete-many-one-bad": ("contacts", "delete", "1", "abc", "2", "-y"),
    "export-format-file": ("contacts", "export", "-o", "x.csv"),
    "export-headers-word": ("contacts", "export", "--headers", "nombres"),
    "status-unknown": ("invoices", "list", "--status", "opne"),
    "alias-shadows-command": ("alias", "set", "invoices", "contacts list"),
    "sandbox-id-format": ("sandbox", "serve", "--port", "0", "--id-format",
                          "guid"),
    "mcp-unknown-toolset": ("mcp", "tools", "--toolsets", "nada"),
    "mcp-files-dir-missing": ("mcp", "tools", "--files-dir",
                              "/nonexistent-folder"),
}
for name, argv in NEW_INPUTS.items():
    case("option", name, *argv, files={"dir/": None})
case("env", "rate-word", "contacts", "list", env={"ALEGRA_RATE": "x"})
case("env", "timeout-word", "contacts", "list",
     env={"ALEGRA_TIMEOUT": "x"})
case("env", "max-response-word", "contacts", "list",
     env={"ALEGRA_MAX_RESPONSE": "big"})
case("env", "sandbox-id-format", "--sandbox", "contacts", "list",
     env={"ALEGRA_SANDBOX_ID_FORMAT": "guid"})
case("env", "mcp-toolsets", "mcp", "tools",
     env={"ALEGRA_MCP_TOOLSETS": "nada"})
case("config", "use-missing", "config", "use", "nobody-here",
     config="profiles:\n  a: {}\n")
case("config", "rate-word", "contacts", "list",
     config="settings:\n  rate: lots\n")
case("config", "lang-word", "contacts", "list",
     config="settings:\n  lang: klingon\n")
