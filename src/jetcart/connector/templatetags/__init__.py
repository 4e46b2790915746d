"""Template filters of the merchant UI."""
