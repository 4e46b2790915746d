"""Jet merchant API client library: typed models, validation, auth, retries and bulk files (no Django)."""
