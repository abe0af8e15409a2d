"""The emission ledger and the guarded emit/stamp flow.

Alegra's stamping is not idempotent: stamping a document twice issues two
fiscal documents. :mod:`.ledger` remembers, per profile, company and
document, what was sent and what came back; :mod:`.flow` claims documents
in the ledger before sending them, so that two processes never send the
same one, and reads a document's stamp from the server before sending
again one whose outcome is unknown; :mod:`.commands` are ``invoices
emit``, the guarded ``invoices stamp`` and ``payments stamp``.
"""
