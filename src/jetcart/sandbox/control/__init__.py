"""Test-only control API below `<mount>/_sandbox/`: off unless JETCART_SANDBOX_CONTROL=1; not Jet's surface."""
