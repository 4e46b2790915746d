"""Jet's category taxonomy (nodes, attributes, values, mappings), served from a packaged data file."""
