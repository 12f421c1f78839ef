"""Matching: provincial requirement texts against national conditions."""
