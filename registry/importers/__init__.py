"""Importers of published lists into the registry (see each module).

Each importer reads and validates a whole file first, then writes it in one
transaction, only where the database differs: a file is taken whole or not at all,
and importing it twice changes nothing.
"""
