"""Tests of the connector app."""
