"""Tests of jetcart.connector.ui."""
