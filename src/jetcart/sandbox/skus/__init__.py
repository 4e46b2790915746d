"""Merchant SKUs: product data, price, inventory, images, archive, variations, exceptions, listings."""
