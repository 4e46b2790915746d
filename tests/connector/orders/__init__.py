"""Tests of jetcart.connector.orders."""
