"""A plugin distribution that is broken on purpose."""
