"""Tests of jetcart.connector.mapping."""
