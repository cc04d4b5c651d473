"""Alembic migrations of the store (applied by :mod:`corridor.store.migrate`)."""
