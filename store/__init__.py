"""newsmark.store: the SQLite file (schema, migrations, reads and writes). No Textual here."""

from .database import Store, default_db_path, now, resolve_db_path

__all__ = ["Store", "default_db_path", "resolve_db_path", "now"]
