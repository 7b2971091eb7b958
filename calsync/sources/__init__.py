"""Where interviews are read from."""
