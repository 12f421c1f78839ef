"""Importers: one module per source kind, from a file's parsed content to the rows it contributes."""
