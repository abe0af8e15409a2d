"""Sphinx configuration for the alegra documentation."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "_ext"))

project = "alegra"
copyright = "2026, the alegra authors"
author = "the alegra authors"

# The command reference is generated from the installed commands by
# _ext/alegra_reference.py (usage, options and examples of each).
extensions = ["alegra_reference"]

# "--dry-run" must stay two hyphens: smart quotes would print an en dash
# that the shell does not take as an option when a reader copies it.
smartquotes = False

exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "alegra"
html_static_path = []
