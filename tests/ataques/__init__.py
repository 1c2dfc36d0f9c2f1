"""The standing attack suite: hostile inputs of every kind, each held to a work budget."""
