"""Customer returns: the generator, lists, the return object and the merchant's complete call."""
