"""The category mapping page (the manual's "Map Categories to Jet"), with CSV export and import."""
