"""Jet orders: import into OpenCart exactly once, acknowledge or reject, ship and cancel (one use case a module)."""
