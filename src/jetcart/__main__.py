"""Allows `python -m jetcart` as an alias of the `jetcart` command."""

from jetcart.site.cli import main

raise SystemExit(main())
