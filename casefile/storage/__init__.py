"""The case file on disk: opening, schema and migrations, records, search, packages.

This is the only package that uses sqlite-utils (and SQLite).
"""

from casefile.storage.case import Case, create_case, open_case

__all__ = ["Case", "create_case", "open_case"]
