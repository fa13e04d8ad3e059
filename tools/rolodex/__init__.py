"""Rolodex: a plain-text personal networking knowledge base."""

__version__ = "0.1.0"
