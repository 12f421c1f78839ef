"""Consolidation: amendment effects applied to documents, giving dated texts and status timelines."""
