"""Bulk work: import (readers, per-row journal, resume) and export
(streaming writers), with progress on stderr."""
