"""hygiene models (area of the floor)."""

__all__ = []
