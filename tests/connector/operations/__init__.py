"""Tests of jetcart.connector.operations."""
