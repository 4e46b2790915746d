"""Merchant setup endpoints: fulfillment nodes (three path families), return locations, portal API calls."""
