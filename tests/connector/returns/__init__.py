"""Tests of jetcart.connector.returns."""
