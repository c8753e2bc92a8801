"""Benchmarks of the graph, its stores and its web service (``cxkg bench``), and a
private Virtuoso instance to compare with (:mod:`cxkg.bench.virtuoso`).

Everything here measures; nothing in the product imports it.
"""
