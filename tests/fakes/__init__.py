"""Fakes of Jet's client and the store gateway for tests that need no server."""
