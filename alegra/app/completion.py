"""Shell completion: the candidates for a partly typed command line.

The scripts ``alegra complete --shell bash|zsh|fish`` prints call back
``alegra __complete WORD...`` (the words after ``alegra``, the last one
being typed), which :mod:`alegra.app.entry` answers before cliff is
imported. Each answer line is a candidate, optionally followed by a tab
and a description; the line ``__files__`` asks the shell for file names.

Two caches under ``$XDG_CACHE_HOME/alegra/complete`` keep the answer
under a tenth of a second and off the network:

- ``spec.json``: every command's options, their choices and which take a
  file, read once from the argparse parsers and kept with a fingerprint
  of the installation (rebuilt when alegra or a plugin changes);
- ``<resource>.json``: ids and names the last ``<resource> list`` (or
  ``get``) printed, offered for a few hours where an id is due.

Only the standard library's cheapest modules are imported here.
"""

import json
import os
import sys
import time

from alegra.app import helpcache

FILES = "__files__"
LIVE_TTL = 12 * 3600  # seconds an id or name shown stays on offer
LIVE_LIMIT = 500
FILE_OPTIONS = frozenset({"--file", "--out", "--failures", "--journal",
                          "--input", "--output-file"})
# Options whose value is the id of another resource.
ID_OPTIONS = {"--client-id": "contacts", "--client": "contacts",
              "--item-id": "items", "--item": "items",
              "--invoice-id": "invoices", "--number-template":
              "number-templates", "--number-template-id": "number-templates"}
# Words of the first position that are not entry points.
BUILT_IN = ("help", "complete")
# Global options offered once a command word is typed (the seeds write
# them after the command too).
LATE_GLOBALS = ("-o", "--output", "--columns", "--dry-run", "--country",
                "--show-token")


def cache_dir(environ=None):
    return os.path.join(os.path.dirname(helpcache.cache_path(
        "x", environ)), "complete")


# -- the answer (fast path) --------------------------------------------------

def main(words, new_app, environ=None, out=None):
    """``alegra __complete WORD...``; returns the exit code (always 0: a
    completion that fails offers nothing, it never prints an error).
    ``new_app(environ)`` builds the application when the commands' options
    must be read again."""
    environ = os.environ if environ is None else environ
    out = sys.stdout if out is None else out
    try:
        spec = spec_for(environ, lambda: new_app(environ))
    except Exception:  # completion never shows an error
        return 0
    try:
        lines = candidates(spec, list(words) or [""], environ)
    except Exception:
        return 0
    out.write("".join(f"{line}\n" for line in lines))
    out.flush()
    return 0


def candidates(spec, words, environ):
    *before, current = words
    glob = spec["global"]
    position = 0
    while position < len(before) and _is_option(before[position]):
        option = glob.get(before[position])
        position += 2 if option and option["value"] else 1
    if position > len(before):  # the value of a global option
        return _values(glob[before[-1]], current, environ)
    rest = _expand(spec, before[position:], environ)
    if not rest:
        if _is_option(current):
            return _options(glob, current, before)
        return _first_words(spec, current, environ)
    words = []
    for word in rest:
        if _is_option(word):
            break
        words.append(word)
    name = _longest_command(spec, words)
    if name is None:
        return _matching(_words_after(spec, words), current)
    command = spec["commands"][name]
    options = dict(command["options"])
    for flag in LATE_GLOBALS:
        options.setdefault(flag, glob.get(flag, {"value": False}))
    after = rest[len(name.split()):]
    if after and after[-1] in options and options[after[-1]]["value"]:
        return _values(options[after[-1]], current, environ)
    if _is_option(current):
        return _options(options, current, after)
    found = []
    positional = [word for word in after if not _is_option(word)]
    if not positional and command.get("ids"):
        found += live_values(command["ids"], current, environ)
    if not after:
        found += _matching(_words_after(spec, name.split()), current)
    return found


def _is_option(word):
    return word.startswith("-") and word != "-"


def _expand(spec, words, environ):
    """``words`` with a leading alias (the user's own, or a resource's
    other name) replaced by what it stands for."""
    if not words:
        return words
    user = user_aliases(environ)
    if words[0] in user and words[0] not in spec["firsts"]:
        import shlex

        try:
            return [*shlex.split(user[words[0]]), *words[1:]]
        except ValueError:
            return words
    target = spec["aliases"].get(words[0])
    if target and words[0] not in spec["firsts"]:
        return [target, *words[1:]]
    return words


def _first_words(spec, current, environ):
    words = set(spec["firsts"]) | set(spec["aliases"]) | set(BUILT_IN)
    words |= set(user_aliases(environ))
    return _matching(sorted(words), current)


def _longest_command(spec, words):
    for end in range(len(words), 0, -1):
        name = " ".join(words[:end])
        if name in spec["commands"]:
            return name
    return None


def _words_after(spec, words):
    size = len(words)
    return sorted({name.split()[size] for name in spec["commands"]
                   if name.split()[:size] == words
                   and len(name.split()) > size})


def _matching(words, current):
    return [word for word in words if word.startswith(current)]


def _options(options, current, used):
    found = []
    for flag, option in sorted(options.items()):
        if not flag.startswith(current):
            continue
        if flag in used and not option.get("repeat"):
            continue
        help_text = option.get("help") or ""
        found.append(f"{flag}\t{help_text}" if help_text else flag)
    return found


def _values(option, current, environ):
    if option.get("choices"):
        return _matching(option["choices"], current)
    if option.get("files"):
        return [FILES]
    if option.get("ids"):
        return live_values(option["ids"], current, environ)
    return []


# -- live values: ids and names shown lately ---------------------------------

def live_values(resource, current, environ, now=None):
    """``id<TAB>name`` lines of ``resource`` kept from a recent list."""
    path = os.path.join(cache_dir(environ), f"{resource}.json")
    data = helpcache.read_json(path)
    written = data.get("written")
    now = time.time() if now is None else now
    if not isinstance(written, (int, float)) or now - written > LIVE_TTL:
        return []
    found = []
    for pair in data.get("records") or ():
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        ident, label = (str(part) for part in pair)
        if ident.startswith(current) or label.lower().startswith(
                current.lower()) and current:
            found.append(f"{ident}\t{_plain(label)}" if label else ident)
    return found


def _plain(text):
    """A name as one line of printable text (it came from a server)."""
    return "".join(char if char.isprintable() else " "
                   for char in text)[:60]


def label_of(record):
    for path in (("name",), ("numberTemplate", "fullNumber"),
                 ("client", "name"), ("description",)):
        value = record
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, (str, int)) and value != "":
            return str(value)
    return ""


def remember(app, cmd, result):
    """After a command: keep the ids and names it printed for completion
    (a ``list`` replaces what was kept, a ``get`` adds its record), and
    give the application the id of the last record shown (``$last``)."""
    shown = getattr(cmd, "shown", None)
    if result or not shown:
        return
    first = shown[0]
    if isinstance(first, dict) and first.get("id") is not None:
        app.last_id = str(first["id"])
    resource = getattr(getattr(cmd, "resource", None), "name", None)
    options = getattr(app, "options", None)
    if not resource or getattr(options, "dry_run", False):
        return
    pairs = [[str(record["id"]), label_of(record)] for record in shown
             if isinstance(record, dict) and record.get("id") is not None]
    if not pairs:
        return  # an answer without ids (a URL, a message) names no record
    path = os.path.join(cache_dir(app.environ), f"{resource}.json")
    if not (getattr(cmd, "cmd_name", "") or "").endswith(" list"):
        kept = helpcache.read_json(path)
        old = [pair for pair in kept.get("records") or ()
               if isinstance(pair, list) and pair[:1] != pairs[0][:1]]
        pairs = (pairs + old)[:LIVE_LIMIT]
    helpcache.write_json(path, {"written": time.time(),
                                 "records": pairs[:LIVE_LIMIT]})


def user_aliases(environ):
    """The aliases in the configuration file (see alegra.app.aliases)."""
    from alegra.app import aliases

    try:
        return aliases.stored(environ)
    except Exception:  # a broken file completes nothing
        return {}


# -- the specification of every command (slow path, cached) ------------------

def _fingerprint(environ):
    return json.loads(json.dumps({
        **helpcache.installation(),
        "plugins": environ.get("ALEGRA_PLUGINS", ""),
    }))


def load_spec(environ):
    data = helpcache.read_json(os.path.join(cache_dir(environ),
                                             "spec.json"))
    spec, files = data.get("spec"), data.get("files")
    if not isinstance(spec, dict) or not isinstance(files, dict):
        return None
    if data.get("fingerprint") != _fingerprint(environ):
        return None
    if not helpcache.unchanged(files):
        return None
    return spec


def save_spec(spec, environ):
    helpcache.write_json(os.path.join(cache_dir(environ), "spec.json"), {
        "fingerprint": _fingerprint(environ),
        "files": helpcache.loaded_modules(), "spec": spec})


def spec_for(environ, make_app):
    """The kept specification, or one read again from ``make_app()``'s
    parsers (and kept) when alegra or a plugin changed since."""
    spec = load_spec(environ)
    if spec is None:
        spec = build_spec(make_app())
        save_spec(spec, environ)
    return spec


def build_spec(app):
    """Every command's options, read from its parser."""
    manager = app.command_manager
    commands = {}
    for name, _ in sorted(manager):
        try:
            factory = manager.commands[name].load()
            cmd = factory(app, None, cmd_name=name)
            parser = cmd.get_parser(f"alegra {name}")
        except Exception:  # help reports broken plugins
            continue
        commands[name] = describe(parser, cmd)
    aliases = {}
    for alias in getattr(manager, "aliases", {}) or {}:
        try:
            aliases[alias] = manager.alias_target(alias)
        except Exception:
            continue
    glob = describe(app.parser)["options"]
    from alegra import namespaces, registry

    formats = sorted({entry_point.name for namespace in (
        namespaces.FORMATTER_LIST, namespaces.FORMATTER_SHOW)
        for entry_point in registry.entry_points(namespace, app.environ)})
    for flag in ("-o", "--output"):
        if flag in glob:
            glob[flag]["choices"] = formats
    return {"global": glob,
            "commands": commands, "aliases": aliases,
            "firsts": sorted({name.split()[0] for name in commands})}


def describe(parser, cmd=None):
    resource = getattr(cmd, "resource", None)
    suggested = {f"--{spec.option}": spec.choices or getattr(
                     spec, "values", None)
                 for spec in getattr(resource, "filters", ()) or ()}
    options, ids = {}, None
    for action in parser._actions:
        if not action.option_strings:
            if action.dest == "identifier" and resource is not None:
                ids = resource.name
            continue
        if action.help == "==SUPPRESS==":
            continue
        help_text = " ".join((action.help or "").split())[:60]
        for flag in action.option_strings:
            option = {"value": action.nargs != 0, "help": help_text}
            choices = action.choices or suggested.get(flag)
            if choices:
                option["choices"] = [str(choice) for choice in choices]
            elif flag in FILE_OPTIONS or (
                    flag == "-f" and not action.choices
                    and "--file" in action.option_strings):
                option["files"] = True
            elif flag in ID_OPTIONS:
                option["ids"] = ID_OPTIONS[flag]
            if type(action).__name__ in ("_AppendAction", "_CountAction"):
                option["repeat"] = True
            options[flag] = option
    return {"options": options, "ids": ids}


# -- the scripts -------------------------------------------------------------

# Each script hands the words typed so far (the last one being completed) to
# 'alegra __complete' and shows its lines; '__files__' means file names.
BASH = r'''# alegra completion for bash; works with or without bash-completion
_alegra_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}" line IFS=$'\n'
    local -a lines
    lines=($(command alegra __complete "${COMP_WORDS[@]:1:COMP_CWORD}" \
             2>/dev/null))
    COMPREPLY=()
    if [[ "${lines[0]}" == "__files__" ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    for line in "${lines[@]}"; do
        COMPREPLY+=("${line%%$'\t'*}")
    done
}
complete -F _alegra_complete alegra
'''

ZSH = r'''#compdef alegra
# alegra completion for zsh
_alegra() {
    local line
    local -a lines described plain
    lines=("${(@f)$(command alegra __complete "${(@)words[2,CURRENT]}" \
                    2>/dev/null)}")
    if [[ "${lines[1]}" == "__files__" ]]; then
        _files
        return
    fi
    for line in "${lines[@]}"; do
        [[ -z "$line" ]] && continue
        if [[ "$line" == *$'\t'* ]]; then
            described+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
        else
            plain+=("$line")
        fi
    done
    (( ${#described} )) && _describe -t alegra 'alegra' described
    (( ${#plain} )) && compadd -a plain
    return 0
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _alegra "$@"
else
    compdef _alegra alegra
fi
'''

FISH = r'''# alegra completion for fish
function __alegra_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l current (commandline -ct)
    set -l lines (command alegra __complete $words "$current" 2>/dev/null)
    if test "$lines[1]" = __files__
        __fish_complete_path "$current"
        return
    end
    printf '%s\n' $lines
end
complete -c alegra -f -a '(__alegra_complete)'
'''

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
