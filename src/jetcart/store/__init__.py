"""OpenCart store gateway: the only code that reads and writes the merchant's OpenCart database (no Django)."""

from jetcart.store.errors import StoreError, StoreInputError, StoreSchemaError
from jetcart.store.gateway import StoreGateway

__all__ = ["StoreError", "StoreGateway", "StoreInputError", "StoreSchemaError"]
