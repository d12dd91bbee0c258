"""citations stage."""
