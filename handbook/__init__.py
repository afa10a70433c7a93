"""Sphinx extensions of the CSE practice handbook."""
