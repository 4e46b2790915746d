"""Tests of the OpenCart store gateway (jetcart.store)."""
