"""Views: hygiene (area of the floor). Each module lists its URL patterns in ``urls``."""

urls = []
