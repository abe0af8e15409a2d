"""The ``alegra`` application: global options, dispatch, errors, exit codes."""

import argparse
import logging
import os
import sys

from cliff import app

from alegra import __version__, errors, i18n
from alegra.app import fanout
from alegra.app.commandmanager import LazyCommandManager
from alegra.app.help import CompleteCommand, HelpAction, HelpCommand
from alegra.app.running import exit_code, in_plain_words, run_command
from alegra.errors import BROKEN_PIPE
from alegra.i18n import N_, _
from alegra.inputs import argparsing
from alegra.output.terminal import discard_stdout, for_terminal

DESCRIPTION = N_(
    "Command-line client for the Alegra accounting API: invoicing and "
    "electronic invoicing (DIAN, SAT, SUNAT, Hacienda)."
)
EPILOG = N_(
    "Global options go before the command words. Run 'alegra --sandbox "
    "<command>' to try anything against a local sandbox, and "
    "'alegra <command> --help' for a command's options."
)
USAGE = N_("alegra [global options] <command> [options]")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")
FLAG_VARIABLES = ("ALEGRA_DRY_RUN", "ALEGRA_SHOW_TOKEN", "ALEGRA_SANDBOX",
                  "ALEGRA_DEBUG", "ALEGRA_QUIET")


def environ_no_color(environ):
    """NO_COLOR set to anything but the empty text (no-color.org)."""
    return bool(environ.get("NO_COLOR"))


def _env_flag(environ, name):
    return environ.get(name, "").strip().lower() in TRUE_WORDS


def _env_flag_problem(environ):
    """A boolean variable set to neither yes nor no (``ALEGRA_SANDBOX=maybe``)
    is refused rather than read as no: a silent no would reach production."""
    for name in FLAG_VARIABLES:
        value = environ.get(name, "").strip().lower()
        if value not in TRUE_WORDS + FALSE_WORDS:
            return errors.UsageError(
                _("{name}={value!r} is neither true nor false").format(
                    name=name, value=environ[name]),
                _("use 1/true/yes/on or 0/false/no/off"))
    return None


class AlegraApp(app.App):
    NAME = "alegra"
    LOG = logging.getLogger("alegra")

    def __init__(self, stdin=None, stdout=None, stderr=None, environ=None):
        self.environ = os.environ if environ is None else environ
        super().__init__(
            description=DESCRIPTION,
            version=__version__,
            command_manager=LazyCommandManager(environ=self.environ),
            stdin=stdin, stdout=stdout, stderr=stderr,
        )
        self.command_manager.add_command("help", HelpCommand)
        self.command_manager.add_command("complete", CompleteCommand)
        self.context = None
        self.options = None
        self.last_id = None  # the shell's $last

    # -- global options ----------------------------------------------------

    def build_option_parser(self, description, version,
                            argparse_kwargs=None):
        env = self.environ
        parser = argparse.ArgumentParser(
            prog=self.NAME, description=description, epilog=EPILOG,
            add_help=False, allow_abbrev=False,
            usage=USAGE,
        )
        parser.add_argument(
            "--version", action="version", version=f"alegra {version}")
        parser.add_argument(
            "-h", "--help", action=HelpAction, default=self,
            help=N_("show this help and the list of commands"))
        parser.add_argument(
            "--profile", default=env.get("ALEGRA_PROFILE"), metavar="NAME",
            help=N_("the profile to use (env ALEGRA_PROFILE); several, "
                    "comma-separated, run a read command for each"))
        fanout.add_arguments(parser)
        parser.add_argument(
            "-o", "--output", default=env.get("ALEGRA_OUTPUT"),
            metavar="FORMAT",
            help=N_("output format: table, json, yaml, csv, value, ndjson, or "
                    "any installed formatter (env ALEGRA_OUTPUT)"))
        parser.add_argument(
            "--columns", default=env.get("ALEGRA_COLUMNS"), metavar="A,B,C",
            help=N_("columns for table, csv and value output; dotted names "
                    "reach nested fields (env ALEGRA_COLUMNS)"))
        parser.add_argument(
            "--dry-run", action="store_true",
            default=_env_flag(env, "ALEGRA_DRY_RUN"),
            help=N_("print each request and a curl command instead of sending "
                    "(env ALEGRA_DRY_RUN)"))
        parser.add_argument(
            "--show-token", action="store_true",
            default=_env_flag(env, "ALEGRA_SHOW_TOKEN"),
            help=N_("with --dry-run, print the real Authorization header"))
        parser.add_argument(
            "--base-url", default=env.get("ALEGRA_BASE_URL"), metavar="URL",
            help=N_("the API root (env ALEGRA_BASE_URL; default "
                    "https://api.alegra.com/api/v1)"))
        parser.add_argument(
            "--timeout", metavar="SECONDS",
            help=N_("seconds one request may take to answer in whole (env "
                    "ALEGRA_TIMEOUT; default the timeout setting, or 60)"))
        parser.add_argument(
            "--rate", metavar="N",
            help=N_("send at most N requests a minute, below the plan's "
                    "limit, or off (env ALEGRA_RATE; default the rate "
                    "setting)"))
        parser.add_argument(
            "--country", default=env.get("ALEGRA_COUNTRY"), metavar="CC",
            help=N_("the company's country for validation: co, mx, pe, "
                    "cr, ... (env ALEGRA_COUNTRY)"))
        parser.add_argument(
            "--lang", default=None, metavar="LANG",
            help=N_("the language of alegra's messages: es or en (env "
                    "ALEGRA_LANG; default the profile's lang, else the "
                    "locale)"))
        parser.add_argument(
            "--sandbox", action="store_true",
            default=_env_flag(env, "ALEGRA_SANDBOX"),
            help=N_("run against a local sandbox instead of Alegra; no "
                    "account needed (env ALEGRA_SANDBOX=1)"))
        verbosity = parser.add_mutually_exclusive_group()
        verbosity.add_argument(
            "-v", "--verbose", action="count", dest="verbose_level",
            default=self.DEFAULT_VERBOSE_LEVEL,
            help=N_("more detail on stderr (repeatable)"))
        verbosity.add_argument(
            "--quiet", action="store_const", dest="verbose_level", const=0,
            help=N_("only errors on stderr (env ALEGRA_QUIET=1)"))
        parser.add_argument(
            "--no-color", action="store_true",
            default=environ_no_color(env),
            help=N_("no colour anywhere (env NO_COLOR, any value)"))
        parser.add_argument(
            "--debug", action="store_true",
            default=_env_flag(env, "ALEGRA_DEBUG"),
            help=N_("show tracebacks on errors (env ALEGRA_DEBUG)"))
        parser.set_defaults(log_file=None)
        return argparsing.one_line_errors(parser)

    def split_global(self, argv):
        """``(global options, command words and their options)``.

        Global options are read only before the first command word, so
        that a command's own options never reach the global parser.
        """
        takes_value = {
            flag for action in self.parser._actions
            if action.nargs != 0 and action.option_strings
            for flag in action.option_strings
        }
        position = 0
        while position < len(argv):
            word = argv[position]
            if word == "--":
                return argv[:position], argv[position + 1:]
            if not word.startswith("-") or word == "-":
                break
            if word in takes_value:
                position += 1
            position += 1
        return argv[:position], argv[position:]

    # -- running -----------------------------------------------------------

    # cliff's run() parses every argument with the global parser and
    # prints tracebacks its own way; alegra reads global options only before
    # the command words, builds a Context, and turns every error into one
    # line and an exit code. Its hooks (initialize_app,
    # prepare_to_run_command, clean_up) are called where cliff calls them.
    def run(self, argv):
        head, remainder = self.split_global(list(argv))
        config = self.use_language(head)
        try:
            self.options = self.parser.parse_args(head)
        except SystemExit as exc:
            return exit_code(exc)
        if self.options.lang and not i18n.known(self.options.lang):
            self.report_error(errors.UsageError(
                _("unknown language {lang!r}").format(
                    lang=self.options.lang), _("use es or en")))
            return errors.USAGE
        wrong_flag = _env_flag_problem(self.environ)
        if wrong_flag:
            self.report_error(wrong_flag)
            return wrong_flag.exit_code
        if (self.options.verbose_level == self.DEFAULT_VERBOSE_LEVEL
                and _env_flag(self.environ, "ALEGRA_QUIET")):
            self.options.verbose_level = 0
        self.configure_logging()
        if self.options.no_color:
            # rich (progress bars) and the programs alegra starts read it
            self.environ["NO_COLOR"] = "1"
        from alegra.app.context import Context

        self.context = Context(self.options, self.environ, self.stderr,
                               config=config)
        self.interactive_mode = not remainder
        try:
            self.initialize_app(remainder)
            self.report_conflicts(remainder)
            if self.interactive_mode:
                self.interact()
                return 0
            return self.run_subcommand(remainder)
        except errors.UsageError as exc:
            self.report_error(exc)
            return exc.exit_code
        except BrokenPipeError:
            return BROKEN_PIPE
        except KeyboardInterrupt:
            self.stderr.write(_("Interrupted") + "\n")
            return errors.INTERRUPTED
        finally:
            self.context.close()

    def use_language(self, head):
        """Speak the language of ``--lang`` (read ahead, so that the
        global options' own help and errors are in it), ``ALEGRA_LANG``,
        the profile's ``lang`` or the locale. The configuration, when it
        had to be read for that, is returned for the run's Context."""
        option = _option_value(head, "--lang")
        config, profile_lang = None, None
        if not (option or self.environ.get("ALEGRA_LANG")):
            config, profile_lang = _profile_language(head, self.environ)
        if option and not i18n.known(option):
            option = None  # refused once the options are parsed
        i18n.set_language(i18n.resolve(option, self.environ,
                                       profile_lang))
        argparsing.translate(self.parser)
        return config

    def configure_logging(self):
        root = logging.getLogger("")
        root.setLevel(logging.DEBUG)
        console = logging.StreamHandler(self.stderr)
        console.setLevel({0: logging.ERROR, 1: logging.WARNING,
                          2: logging.INFO}.get(self.options.verbose_level,
                                               logging.DEBUG))
        console.setFormatter(logging.Formatter(self.CONSOLE_MESSAGE_FORMAT))
        root.handlers[:] = [console]
        for noisy in ("stevedore", "urllib3", "werkzeug"):
            logging.getLogger(noisy).setLevel(
                logging.DEBUG if self.options.verbose_level > 2
                else logging.WARNING)

    def report_conflicts(self, argv):
        """Name every command two plugins claim, except the one being run
        (its own error says it again)."""
        words = [word for word in argv if not word.startswith("-")]
        for name, entry in self.command_manager.conflicts.items():
            if name.split() != words[:len(name.split())]:
                self.report_error(entry.error())

    def report_error(self, exc):
        """One ``Error: ...`` line on stderr (a traceback with --debug)."""
        if getattr(self.options, "debug", False) and exc.__traceback__:
            import traceback

            traceback.print_exception(exc, file=self.stderr)
        exc = in_plain_words(exc)
        message = " ".join(str(exc).split()) or type(exc).__name__
        # A server's message may hold terminal control sequences.
        message = for_terminal(self.stderr)(message)
        prefix = "Error: " if getattr(exc, "said_as_error", True) else ""
        self.stderr.write(f"{prefix}{message}\n")
        self.stderr.flush()

    # cliff's run_subcommand() finds commands by abbreviation and runs them
    # its own way; here the lazy manager finds them (no abbreviation), a
    # group alone prints its commands, and run_command() runs the command
    # as the fan-out and the MCP server do.
    def run_subcommand(self, argv):
        from alegra.app import aliases

        argv = aliases.expand(self, argv)
        fanned = fanout.run(self, argv)
        if fanned is not None:
            return fanned
        try:
            factory, name, sub_argv = self.command_manager.find_command(argv)
        except ValueError:
            return self.unknown_command(argv)
        except errors.AlegraError as exc:
            self.report_error(exc)
            return exc.exit_code
        cmd = factory(self, self.options, cmd_name=name)
        # As cliff does: the hook before the parser is built.
        self.prepare_to_run_command(cmd)
        full_name = name if self.interactive_mode else f"{self.NAME} {name}"
        try:
            parsed_args = cmd.get_parser(full_name).parse_args(sub_argv)
        except SystemExit as exc:
            return exit_code(exc)
        except Exception as exc:
            self.report_error(exc)
            return getattr(exc, "exit_code", errors.API_ERROR)
        return run_command(self, cmd, parsed_args)

    def clean_up(self, cmd, result, err):
        from alegra.app import completion

        completion.remember(self, cmd, result)

    @property
    def prog(self):
        """How commands are named in hints: ``alegra x`` on the command
        line, ``x`` in the shell."""
        shell = getattr(self, "interactive_mode", False)
        return "" if shell else f"{self.NAME} "

    def unknown_command(self, argv, asked_for_help=False):
        """A command name that runs nothing: a group alone (or with
        ``--help``) prints its commands; anything else is a usage error
        suggesting only close spellings."""
        if argv and not self.words_after(argv[:1]):
            try:  # an alias: name the words its resource takes
                argv = self.command_manager.expand(argv)
            except errors.AlegraError:
                pass
        words = []
        for word in argv:
            if word.startswith("-"):
                break
            words.append(word)
        typed = " ".join(words)
        options = argv[len(words):]
        if (words and self.words_after(words)
                and (asked_for_help or all(o in ("-h", "--help")
                                           for o in options))):
            from alegra.app.help import print_group

            print_group(self, words, self.stdout)
            return 0
        for known in range(len(words), 0, -1):
            group = words[:known]
            following = self.words_after(group)
            if not following:
                continue
            choices = ", ".join(following)
            if known == len(words):
                error = errors.UsageError(
                    _("'{typed}' needs one of: {choices}").format(
                        typed=typed, choices=choices),
                    _("see '{command}'").format(
                        command=f"{self.prog}help {typed}"))
            else:
                from alegra.app.help import suggest

                matches = suggest(self, words)
                error = errors.UsageError(
                    _("'{typed}' is not an alegra command").format(
                        typed=typed),
                    self._did_you_mean(matches)
                    if matches else _("'{group}' takes: {choices}").format(
                        group=" ".join(group), choices=choices))
            break
        else:
            from alegra.app.help import suggest

            matches = suggest(self, words or argv[:1]) if argv else []
            hint = _("see '{command}'").format(
                command="help" if not self.prog else "alegra --help")
            if matches:
                hint = self._did_you_mean(matches)
            error = errors.UsageError(
                _("'{typed}' is not an alegra command").format(typed=typed),
                hint)
        self.report_error(error)
        return errors.USAGE

    def _did_you_mean(self, matches):
        return _("did you mean: {commands}").format(commands=", ".join(
            f"{self.prog}{match}" for match in matches))

    def words_after(self, words):
        """The words that can follow ``words`` in a command name."""
        return sorted({
            name.split()[len(words)] for name, _ in self.command_manager
            if name.split()[:len(words)] == words
            and len(name.split()) > len(words)})

    def interact(self):
        if self.stdin is None or self.stdin.closed:
            raise errors.UsageError(
                _("no command given, and no standard input to read commands "
                  "from"), _("see '{command}'").format(
                      command="alegra --help"))
        from alegra.app.interactive import InteractiveApp

        self.interactive_app_factory = InteractiveApp
        super().interact()


def _option_value(head, name):
    """The value of global option ``name`` among the words ``head``."""
    for position, word in enumerate(head):
        if word == name and position + 1 < len(head):
            return head[position + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


def _profile_language(head, environ):
    """``(configuration, its profile's lang)``, read only when a
    configuration file exists; a broken one is left for the command to
    report."""
    from alegra.local import config as config_module

    if not config_module.config_path(environ).is_file():
        return None, None
    try:
        config = config_module.Config.load(environ=environ)
        name = (_option_value(head, "--profile")
                or environ.get("ALEGRA_PROFILE") or config.default_profile)
        lang = config.profile(name).get("lang")
    except Exception:  # reported by the command that needs it
        return None, None
    return config, lang if isinstance(lang, str) else None


def main(argv=None):
    """Run alegra; a reader that goes away (``| head``) ends it quietly
    with 141, Ctrl-C with one line and 130, and a closed standard output
    is one line, not a riddle about ``None``."""
    if sys.stdout is None:
        if sys.stderr is not None:
            sys.stderr.write("Error: " + _(
                "standard output is closed, so nothing can be printed (run "
                "without '>&-')") + "\n")
        return errors.USAGE
    _readable_errors()
    _interrupt_on_sigterm()
    try:
        code = AlegraApp().run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()
    except BrokenPipeError:
        code = BROKEN_PIPE
    except KeyboardInterrupt:
        if sys.stderr is not None:
            sys.stderr.write("Interrupted\n")
        return errors.INTERRUPTED
    if code == BROKEN_PIPE:
        discard_stdout()
    return code


def _readable_errors():
    """Messages reach a terminal whose character set lacks a letter as an
    escape (``\xed``) rather than as a second error about the first."""
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


def _interrupt_on_sigterm():
    """SIGTERM (``kill``, a CI timeout, systemd) stops alegra the way Ctrl-C
    does, so a write in flight gets the same "outcome unknown" warning and
    the state files the same orderly close, instead of a silent death."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError):  # not the main thread
        pass
