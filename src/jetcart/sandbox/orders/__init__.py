"""Orders: the generator, lists, acknowledge, shipped (and cancel), tags, directed cancels."""
