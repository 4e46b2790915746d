"""Integration tests across processes and services."""
