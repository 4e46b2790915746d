"""OpenCart store gateway: the only code that reads and writes the merchant's OpenCart database (no Django)."""
