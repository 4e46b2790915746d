"""HTTP plumbing of the emulator: routing, auth, errors, rate limits and faults."""
