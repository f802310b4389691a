"""Parsers from files in the real formats to typed records (no database access)."""
