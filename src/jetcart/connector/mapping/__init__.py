"""Mapping chapter: category, field, option and per-product attribute mappings, CSV, units."""
