"""The company behind the credentials: its country and name, from Alegra.

``auth login`` stores the country it reads in the profile. Credentials
from ``ALEGRA_EMAIL``/``ALEGRA_TOKEN`` have no profile to store it in, so
the first command that needs the country asks ``GET /company`` once and
keeps the answer per base URL and e-mail in ``companies.json`` in the
state folder, kept like the profile's country: until the user says
otherwise (``--country``, ``ALEGRA_COUNTRY``, or removing the file). The
company's name (``auth status`` shows it) is kept there too.
"""

import json

from alegra.errors import AlegraError, UsageError
from alegra.i18n import _

CACHE_NAME = "companies.json"

COUNTRY_NAMES = {
    "colombia": "co", "mexico": "mx", "méxico": "mx", "peru": "pe",
    "perú": "pe", "costarica": "cr", "costa-rica": "cr", "costa rica": "cr",
    "argentina": "ar", "chile": "cl", "panama": "pa", "panamá": "pa",
    "spain": "es", "españa": "es", "republicadominicana": "do",
    "dominican-republic": "do",
}


def normalise_country(value):
    """``colombia``, ``Costa Rica``, ``costaRica`` or ``CO`` -> ``co``."""
    if not value:
        return None
    text = str(value).strip().lower()
    if len(text) == 2 and text.isalpha():
        return text
    key = text.replace("_", "-")
    code = COUNTRY_NAMES.get(key) or COUNTRY_NAMES.get(key.replace("-", ""))
    if code is None:
        raise UsageError(
            _("unknown country {value!r}").format(value=value),
            _("use a two-letter code (co, mx, pe, cr, ...) or a name "
              "(colombia, mexico, peru, costa-rica)"),
        )
    return code


def country_from(company):
    """``(code, remark)``: the country a ``GET /company`` answer names."""
    version = (company.get("applicationVersion")
               if isinstance(company, dict) else None)
    try:
        code = normalise_country(version)
    except UsageError:
        code = None
    if code is None:
        return None, _("the company's version {version!r} names no "
                       "country").format(version=version)
    return code, _("from the company's applicationVersion "
                   "{version!r}").format(version=version)


def detect_country(client):
    """``(code, remark)``: the company's country from ``GET /company``."""
    try:
        company = client.get("company")
    except AlegraError as exc:
        return None, _("the company could not be read ({error})").format(
            error=exc.message)
    return country_from(company)


def cache_path(environ=None):
    from alegra.local.config import xdg_dir

    return xdg_dir("XDG_STATE_HOME", environ) / CACHE_NAME


def account_key(base_url, email):
    return f"{base_url.rstrip('/')} {email}"


def _load(text):
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def cached(base_url, email, environ=None):
    """``{"country": code or None}`` read before for the account, or None
    when it was never read."""
    from alegra.local import statefile

    try:
        entry = _load(statefile.read_text(cache_path(environ))).get(
            account_key(base_url, email))
    except AlegraError:
        return None
    return entry if isinstance(entry, dict) else None


def cached_country(base_url, email, environ=None):
    return _text((cached(base_url, email, environ) or {}).get("country"))


def _text(value):
    return value if isinstance(value, str) and value else None


def remember_country(base_url, email, code, environ=None):
    """Keep ``code`` (None: the company names no country) for the account
    (best effort: a cache that cannot be written only means asking again
    next time)."""
    remember(base_url, email, environ, country=code)


def remember(base_url, email, environ=None, **fields):
    """Keep ``fields`` (``country``, ``name``) for the account, beside
    what is already known of it (best effort, as for the country)."""
    from alegra.local import statefile

    def change(data):
        key = account_key(base_url, email)
        entry = data.get(key)
        data[key] = {**(entry if isinstance(entry, dict) else {}),
                     **fields}
        return data

    try:
        statefile.update(cache_path(environ), change, load=_load,
                         dump=json.dumps)
    except (AlegraError, OSError):
        pass


def cached_name(base_url, email, environ=None):
    return _text((cached(base_url, email, environ) or {}).get("name"))


def name_of_account(context, credentials, client):
    """The company's name: cached per account, else one ``GET /company``
    with ``client`` (then cached, with its country); None when unknown."""
    base_url = context.base_url
    # The sandbox's address changes every run: nothing worth keeping.
    keep = not getattr(context, "sandbox_mode", False)
    name = cached_name(base_url, credentials.email, context.environ)
    if name is not None and keep:
        return name
    try:
        company = client.get("company")
    except AlegraError:
        return None
    name = company.get("name") if isinstance(company, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    if keep:
        code = country_from(company)[0]
        remember(base_url, credentials.email, context.environ,
                 name=name.strip(), country=code)
    return name.strip()


def country_of_account(context, credentials):
    """The country of the account ``credentials`` reach: from the cache,
    else from one ``GET /company`` (then cached); None if Alegra does not
    say."""
    base_url = context.base_url
    entry = cached(base_url, credentials.email, context.environ)
    if entry is not None:
        return _text(entry.get("country"))
    try:
        company = context.make_client().get("company")
    except AlegraError:
        return None  # asked again next time
    code = country_from(company)[0]
    remember_country(base_url, credentials.email, code, context.environ)
    return code
