"""The entry point namespaces of the plugin contract.

Every plugin, built-in or third-party, is declared in one of these groups.
They belong to alegra: cliff's own ``cliff.formatter.*`` groups are shared
by every cliff program installed in the environment, so alegra never reads
them.
"""

COMMANDS = "alegra.commands"
VALIDATORS = "alegra.validators"
FORMATTER_LIST = "alegra.formatter.list"
FORMATTER_SHOW = "alegra.formatter.show"
# Other words for a resource's commands: ``invoice = <module>:<Resource>``
# makes ``alegra invoice list`` run ``invoices list``. Read without
# importing; the target is loaded only when the alias is typed.
ALIASES = "alegra.aliases"
# Message catalogs: ``<name> = <package>`` names a package folder holding
# ``<lang>/LC_MESSAGES/<domain>.mo`` (see alegra.i18n).
LOCALES = "alegra.locales"

ALL = (COMMANDS, VALIDATORS, FORMATTER_LIST, FORMATTER_SHOW)

# The distribution that ships the built-in plugins.
BUILTIN_DISTRIBUTION = "alegra-cli"
