"""Tests of jetcart.connector.taxonomy.categories."""
