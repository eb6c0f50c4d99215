"""ACES Desktop: offline evidence workspace and ACES ratings."""

__version__ = "0.1.0"
