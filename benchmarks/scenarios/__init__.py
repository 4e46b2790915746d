"""The scenarios of `python -m benchmarks.run`: catalog export, delta sync, order burst, products grid, taxonomy."""
