"""Command-line client for the Alegra accounting API."""

__version__ = "0.1.0"
