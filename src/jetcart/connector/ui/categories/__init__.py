"""The Jet categories pages (the manual's "Jet Category"): the taxonomy grid, a category's attributes, import."""
