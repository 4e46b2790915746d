"""Jet returns (the manual's "Create Jet Return"): fetch, OpenCart returns, completion through the outbox."""
