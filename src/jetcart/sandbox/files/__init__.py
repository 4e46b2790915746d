"""Bulk files: upload tokens, the local blob store standing in for Azure, processing and status."""
