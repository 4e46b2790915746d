"""Product pages of the mapping capability (the Jet products grid itself belongs to the products pages)."""
