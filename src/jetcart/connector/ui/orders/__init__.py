"""The Orders pages (the manual's "Create Jet Orders"): grid, order, shipment form."""
