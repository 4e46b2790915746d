"""Tests of jetcart.connector.products."""
