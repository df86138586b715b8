"""Views: quality (area of the floor). Each module lists its URL patterns in ``urls``."""

urls = []
