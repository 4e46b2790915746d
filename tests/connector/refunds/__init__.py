"""Tests of jetcart.connector.refunds."""
