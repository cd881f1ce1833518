"""Account views, split by who uses them."""
