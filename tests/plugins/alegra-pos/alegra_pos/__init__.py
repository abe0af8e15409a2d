"""Point-of-sale tickets for alegra.

A complete third-party plugin: a resource with its commands, a validator
and an output formatter, declared in ``pyproject.toml`` through the same
entry points alegra's built-in plugins use. Each module imports only what
it needs, and nothing heavy, so that installing it costs alegra no start-up
time.
"""
