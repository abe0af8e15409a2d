"""A command module that cannot be imported."""

raise RuntimeError("alegra-broken is broken on purpose")
