"""jetcart: connects an OpenCart store to the Jet marketplace."""

__version__ = "0.1.0"
