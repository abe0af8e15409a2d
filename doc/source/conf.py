"""Sphinx configuration for the alegra documentation."""

project = "alegra"
copyright = "2026, the alegra authors"
author = "the alegra authors"

extensions = ["cliff.sphinxext"]

autoprogram_cliff_application = "alegra"
autoprogram_cliff_app_dist_name = "alegra-cli"
autoprogram_cliff_ignored = ["--help", "--max-width", "--fit-width",
                             "--print-empty", "--noindent", "--quote",
                             "--prefix"]

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = []
