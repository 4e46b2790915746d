"""Errors of the store gateway: one root, each subclass says what is wrong with the store or the input."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the gateway refuses or cannot do; the message names the table, column or value."""


class StoreSchemaError(StoreError):
    """The database is not an OpenCart store the gateway knows (missing table or column, unknown version)."""


class StoreSettingsError(StoreError):
    """A store setting (oc_setting of store 0) that orders and stock depend on is missing or unreadable; `key`
    names it."""

    def __init__(self, key: str, message: str):
        super().__init__(f"setting {key}: {message}")
        self.key = key


class StoreNotEmpty(StoreError):
    """A demo or synthetic store was asked for, but the database already holds a store."""


class StoreInputError(StoreError):
    """A write was refused before anything was written: the input names something the store does not have."""


class UnknownCurrency(StoreInputError):
    pass


class UnknownCountry(StoreInputError):
    pass


class UnknownZone(StoreInputError):
    pass


class MissingLanguage(StoreInputError):
    pass


class ProductNotFound(StoreInputError):
    pass


class OptionNotFound(StoreInputError):
    pass


class UnknownOrderStatus(StoreInputError):
    pass


class TotalNotInstalled(StoreInputError):
    pass


class OrderNotFound(StoreInputError):
    pass


class ReturnLookupNotFound(StoreInputError):
    """A return status, reason or action id the store does not have."""


class OrderWriteInProgress(StoreError):
    """Another attempt holds a fresh claim on this marketplace order; retry after its lease expires."""
