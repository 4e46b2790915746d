"""Jet refunds (the manual's "Create Jet Refund"): validated against the order, sent once, followed to the end."""
