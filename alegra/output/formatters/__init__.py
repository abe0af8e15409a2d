"""Output formatters registered in alegra's own formatter namespaces.

cliff's table formatter is registered as it is. The others are ours: json,
yaml and ndjson print Alegra's objects whole and with exact numbers, and
csv, value and shell show each cell as text (csv guarding against formula
injection). A formatter that also defines ``emit_documents`` (lists) or
``emit_document`` (one object) receives the whole objects when the user
asked for no particular columns.
"""
