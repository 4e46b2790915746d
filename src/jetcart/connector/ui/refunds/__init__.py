"""The Refunds pages (the manual's "Create Jet Refund"): grid, create refund (pick the order, then the form)."""
