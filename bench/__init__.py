"""Benchmarks of the graph, its stores and its web service (``cxkg bench``).

Four rooms, one job each, driven by :mod:`bench.suite` (``cxkg bench``,
:mod:`bench.cli`) with the settings of :mod:`bench.options`:

- :mod:`bench.data`: the graphs measured (the seeded synthetic generator, the
  corpus build) and the catalogue queries bound for each;
- :mod:`bench.servers`: the web servers under test (``cxkg serve`` and the floor)
  and the memory of their processes;
- :mod:`bench.load`: the stores timed query by query, and the HTTP load;
- :mod:`bench.report`: statistics, targets, findings and BENCHMARKS.md.

Virtuoso, the store compared with, runs as the private instance of
:mod:`ontology.virtuoso`, which the tests use too. Nothing in the product imports
this package.
"""
