"""The web service over the graph."""
