"""Corpus documents -> records -> triples with their evidence."""
