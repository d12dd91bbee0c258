"""drafter: roll recurring UN General Assembly resolutions forward to the next session."""

__version__ = "0.1.0"
