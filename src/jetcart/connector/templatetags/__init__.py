"""Template tags of the connector's pages."""
