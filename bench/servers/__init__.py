"""The web servers under test, ``cxkg serve`` and the floor, and the memory of their processes."""
