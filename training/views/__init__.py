"""Training pages; each module lists its own ``urls``."""
