"""One router per resource; each is a thin layer over a ``registry.queries`` module."""
