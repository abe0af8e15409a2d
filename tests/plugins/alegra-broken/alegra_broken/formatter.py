"""A formatter module whose dependency is missing."""

import alegra_broken_missing_dependency  # noqa: F401


class PrettyFormatter:
    pass
