"""What users type: bodies, dates, identifiers and argument parsing."""
