"""Bulk work: import (readers, per-row journal, resume) and export (streaming writers)."""
