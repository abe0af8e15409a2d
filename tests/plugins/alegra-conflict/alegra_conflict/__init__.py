"""A plugin distribution that claims ``contacts list``, which alegra owns."""
