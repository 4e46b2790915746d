"""Jet's taxonomy: categories and attributes imported from the API or Jet's files."""
