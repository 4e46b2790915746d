"""A product's Jet attribute tab: its codes, brand, other Jet fields and its Jet category's attributes."""
