"""The connector domain: its own state, the use cases joining store and Jet, jobs and the merchant UI."""
