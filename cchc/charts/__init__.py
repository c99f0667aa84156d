"""DataFrame -> figure, pure; one module per screen family."""
