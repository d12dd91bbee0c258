"""editor stage."""
