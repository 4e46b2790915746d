"""The Rejected Orders page: Jet orders jetcart could not fill, with the reason."""
