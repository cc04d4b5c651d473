"""The network model, its distributions, validation and place search."""
