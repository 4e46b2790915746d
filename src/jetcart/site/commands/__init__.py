"""Subcommands of the `jetcart` command, one module per group."""
