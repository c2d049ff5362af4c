"""Trygg: the joint safety work of a Swedish municipality and its local police, end to end."""

__version__ = "0.1.0"
