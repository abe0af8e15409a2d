"""What one invocation runs against: profile, credentials, country, client.

Everything is resolved on first use, so that commands that never talk to
Alegra (help, config, plugin list) never read the keyring or start the
sandbox. Precedence, highest first: the command-line option, its
``ALEGRA_*`` environment variable, the profile, the settings, the default.
``--sandbox`` overrides profiles, base URLs and credentials altogether.
"""

import os

from alegra.local import config as config_module
from alegra.http import quota
from alegra.local import credentials as credentials_module
from alegra.http.client import DEFAULT_BASE_URL, Client
from alegra.http.ratelimit import Pacer
from alegra.app.company import normalise_country
from alegra.errors import AlegraError, AuthError, UsageError
from alegra.i18n import _
from alegra.output.terminal import for_terminal

def start_sandbox(country):
    """The embedded sandbox, or a one-line error saying how to repair it."""
    import sqlite3

    from alegra.sandbox import default_db_path, embedded
    from alegra.sandbox.schema import SchemaError

    try:
        return embedded.start(country=country)
    except (sqlite3.Error, SchemaError, OSError) as exc:
        raise AlegraError(
            _("the sandbox database {path} cannot be used: {detail}").format(
                path=default_db_path(), detail=exc),
            _("recreate it with 'alegra sandbox reset -y'"),
        ) from exc


class Context:
    """One run's account, settings and client.

    What differs between a normal run, a run for one of several profiles
    and an MCP tool call is given here, not patched in later:

    - ``config``: a :class:`~alegra.local.config.Config` already read (the
      profiles of a fan-out share one);
    - ``credentials``: ``resolve(profile_name, profile, environ)`` giving
      :class:`~alegra.local.credentials.Credentials` or None, in place of
      the keyring, environment and file lookup (a fan-out resolves every
      profile's up front);
    - ``output_sink``: ``sink(command, columns, data)`` receives what a
      display command would print (a fan-out gathers each profile's);
    - ``client_factory``: ``factory(context, dry_run_sink, show_token,
      credentials, base_url)`` builds the clients, :func:`new_client` by
      default (the MCP server shares one client between calls).
    """

    def __init__(self, options, environ=None, stderr=None, *, config=None,
                 credentials=None, output_sink=None, client_factory=None):
        self.options = options
        self.environ = os.environ if environ is None else environ
        self.stderr = stderr
        self._config = config
        self._resolve_credentials = credentials or credentials_module.resolve
        self.output_sink = output_sink
        self.client_factory = client_factory or new_client
        self._sandbox = None
        self._paced = []

    # -- configuration ----------------------------------------------------

    @property
    def config(self):
        if self._config is None:
            self._config = config_module.Config.load(environ=self.environ)
        return self._config

    @property
    def sandbox_mode(self):
        return bool(self.options.sandbox)

    @property
    def profile_name(self):
        name = self.options.profile or self.config.default_profile
        # A name no profile can have is a typo, never "use the defaults".
        return config_module.check_profile_name(name)

    @property
    def profile(self):
        return self.config.profile(self.profile_name)

    def setting(self, key):
        return self.profile.get(key) or self.config.settings.get(key)

    @property
    def base_url(self):
        if self.sandbox_mode:
            return self.sandbox.base_url
        if self.options.base_url is not None:
            # Given but empty is a mistake, not a wish for production.
            from alegra.http.client import check_base_url

            return check_base_url(self.options.base_url)
        return self.profile.get("base_url") or DEFAULT_BASE_URL

    def country(self, override=None, ask=True):
        """The active country code, or None when nothing says.

        The option (or ``ALEGRA_COUNTRY``), the profile's stored country,
        then the account's own (see :mod:`alegra.app.company`): read from
        Alegra once when ``ask``, from what was read before otherwise (a
        dry run sends nothing)."""
        value = override or self.options.country
        if not value and not self.sandbox_mode:
            value = self.setting("country") or self.account_country(ask)
        if not value and self.sandbox_mode:
            value = self.sandbox_country()
        return normalise_country(value)

    def account_country(self, ask=True):
        from alegra.app import company

        try:
            found = self.credentials(required=False)
        except AlegraError:
            return None
        if found is None or not found.source.startswith("environment"):
            return None  # a profile keeps the country auth login read
        if not ask:
            return company.cached_country(self.base_url, found.email,
                                          self.environ)
        return company.country_of_account(self, found)

    def output_format(self, override=None):
        for given in (override, self.options.output):
            if given is not None and not given.strip():
                raise UsageError(_("the output format is empty"),
                                 _("give one: table, json, yaml, csv, "
                                   "value"))
        return (override or self.options.output or self.setting("output")
                or "table")

    # -- credentials and the sandbox ----------------------------------------

    @property
    def sandbox(self):
        if self._sandbox is None:
            self._sandbox = start_sandbox(self.options.country)
        return self._sandbox

    def sandbox_country(self):
        return getattr(self.sandbox, "country", None)

    def credentials(self, required=True):
        if self.sandbox_mode:
            sandbox = self.sandbox
            return credentials_module.Credentials(
                sandbox.email, sandbox.token, "sandbox")
        found = self._resolve_credentials(
            self.profile_name, self.profile, self.environ)
        if found is None and required:
            # With profiles configured, a name none has is a typo; with
            # none, it is an account not logged in yet.
            names = list(self.config.profiles)
            if names and self.profile_name not in names:
                raise config_module.unknown_profile(self.profile_name,
                                                    names)
            raise AuthError(
                _("no credentials for profile '{name}'").format(
                    name=self.profile_name),
                _("run 'alegra auth login --email you@example.com', set "
                  "ALEGRA_EMAIL and ALEGRA_TOKEN, or try 'alegra --sandbox "
                  "...'"),
            )
        return found

    def make_client(self, dry_run_sink=None, show_token=False,
                    credentials=None, base_url=None):
        """A client for this invocation, from the context's factory.

        ``credentials`` and ``base_url`` replace the resolved ones (``auth
        login`` tests a token before saving it). A dry run reads no secret
        unless ``--show-token`` asks for the real header.
        """
        return self.client_factory(self, dry_run_sink, show_token,
                                   credentials, base_url)

    def paced(self, pacer, key):
        """Keep ``pacer``'s budget for the account ``key`` when the run
        ends (see :meth:`close`)."""
        self._paced.append((pacer, key))

    def retry_policy(self):
        """Retries as configured: ``ALEGRA_RETRY_WAIT`` (or the
        ``retry_wait`` setting) bounds the seconds a walk of every page
        waits in retries, 300 by default; ``ALEGRA_RETRY_BACKOFF`` is the
        first wait of the backoff, 0.5 s by default (it doubles up to 16
        times that)."""
        from alegra.http.client import WALK_WAIT, RetryPolicy

        walk = self._seconds("ALEGRA_RETRY_WAIT", "retry_wait", WALK_WAIT,
                             zero=True)
        first = self._seconds("ALEGRA_RETRY_BACKOFF", "retry_backoff", 0.5,
                              zero=True)
        return RetryPolicy(base=first, cap=16 * first, walk_wait=walk)

    def _seconds(self, variable, setting, default, zero=False):
        value = self.environ.get(variable)
        where = f"{variable}={value!r}"
        if value in (None, ""):
            value = self.setting(setting)
            where = _("the {name} setting").format(name=setting)
        if value in (None, ""):
            return default
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = -1.0
        if not (0 <= seconds < float("inf")) or (seconds == 0 and not zero):
            raise UsageError(
                _("{where} is not a number of seconds").format(where=where),
                _("for example {value}").format(value=300))
        return seconds

    def read_timeout(self):
        """Seconds one request may take to answer in whole: ``--timeout``,
        ``ALEGRA_TIMEOUT``, the ``timeout`` setting (profile first), or
        60."""
        given = getattr(self.options, "timeout", None)
        where = f"--timeout {given!r}"
        if given in (None, ""):
            given = self.environ.get("ALEGRA_TIMEOUT")
            where = f"ALEGRA_TIMEOUT={given!r}"
        fix = _("for example {value}").format(value=60)
        if given in (None, ""):
            given = self.setting("timeout")
            where = _("the timeout setting {value!r}").format(value=given)
            fix = _("fix it in {path}").format(path=self.config.path)
        if given in (None, ""):
            return 60.0
        try:
            seconds = float(given)
        except (TypeError, ValueError):
            seconds = 0
        if not 0 < seconds < float("inf"):
            raise UsageError(
                _("{where} is not a positive number of seconds").format(
                    where=where), fix)
        return seconds

    def rate(self):
        """The most requests a minute this run may send, or None for as
        many as Alegra allows: ``--rate``, ``ALEGRA_RATE``, the profile's
        ``rate``, the settings' ``rate``. ``off`` (YAML's false) lifts a
        cap given further down."""
        for given, where in (
                (getattr(self.options, "rate", None), "--rate {!r}"),
                (self.environ.get("ALEGRA_RATE"), "ALEGRA_RATE={!r}"),
                (self.profile.get("rate"), "the rate setting {!r}"),
                (self.config.settings.get("rate"), "the rate setting {!r}")):
            if given is None or given == "":
                continue
            text = str(given).strip().lower()
            if given is False or text in ("off", "none"):
                return None
            if isinstance(given, (bool, float)) or not text.isdigit() \
                    or int(text) < 1:
                fix = (f"fix it in {self.config.path}"
                       if where.startswith("the ")
                       else "for example 60, or off")
                raise UsageError(
                    where.format(given) + " is not a positive whole number of "
                    "requests a minute", fix)
            return int(text)
        return None

    def max_response(self):
        """The most bytes one answer may hold once decompressed:
        ``ALEGRA_MAX_RESPONSE`` (``10M``, ``512K`` or bytes), 64 MiB by
        default."""
        from alegra.http import limits

        given = self.environ.get("ALEGRA_MAX_RESPONSE")
        if given in (None, ""):
            return limits.DEFAULT_MAX_RESPONSE
        size = limits.parse_size(given)
        if size is None:
            raise UsageError(
                _("{where} is not a size").format(
                    where=f"ALEGRA_MAX_RESPONSE={given!r}"),
                _("for example 64M, 512K or a number of bytes"))
        return size

    def slow_note(self):
        """Where a request that is slow to answer is told, or None with
        --quiet."""
        if getattr(self.options, "verbose_level", 1) < 1:
            return None
        return self.warn

    def warn(self, text):
        if self.stderr is not None:
            self.stderr.write(for_terminal(self.stderr)(text) + "\n")
            self.stderr.flush()

    def close(self):
        for pacer, key in self._paced:
            quota.save(pacer, key, self.environ)
        self._paced = []
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None


def new_client(context, dry_run_sink=None, show_token=False,
               credentials=None, base_url=None):
    """A new client for ``context``: its base URL, credentials, settings
    and the history of writes as the observer of every request."""
    from alegra import history

    # A mistyped base URL is said before missing credentials are.
    base_url = base_url or context.base_url
    if credentials is None and dry_run_sink is None:
        credentials = context.credentials()
    elif credentials is None and show_token:
        credentials = context.credentials(required=False)
    client = Client(
        base_url,
        credentials.email if credentials else None,
        credentials.token if credentials else None,
        timeout=(10.0, context.read_timeout()),
        ca_bundle=(context.environ.get("ALEGRA_CA_BUNDLE")
                   or context.setting("ca_bundle")),
        proxy=context.setting("proxy"),
        dry_run=dry_run_sink,
        warn=context.warn,
        retry=context.retry_policy(),
        observe=history.watch,
        max_response=context.max_response(),
        note=context.slow_note(),
        pacer=Pacer(cap=context.rate()),
        scheme=(credentials.scheme if credentials is not None else
                credentials_module.scheme_for(context.profile,
                                              context.environ)),
    )
    if credentials is not None and dry_run_sink is None:
        key = quota.account_key(client.base_url, credentials.email)
        quota.restore(client.pacer, key, context.environ)
        context.paced(client.pacer, key)
    return client
