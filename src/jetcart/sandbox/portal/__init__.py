"""The sandbox's small partner portal: credentials, nodes, return locations, order and return generators."""
