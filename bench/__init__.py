"""Benchmarks of the graph, its stores and its web service (``cxkg bench``).

Four rooms, one job each, driven by :mod:`cxkg.bench.suite` (``cxkg bench``,
:mod:`cxkg.bench.cli`) with the settings of :mod:`cxkg.bench.options`:

- :mod:`cxkg.bench.data`: the graphs measured (the seeded synthetic generator, the
  corpus build) and the catalogue queries bound for each;
- :mod:`cxkg.bench.servers`: the web servers under test (``cxkg serve`` and the floor)
  and the memory of their processes;
- :mod:`cxkg.bench.load`: the stores timed query by query, and the HTTP load;
- :mod:`cxkg.bench.report`: statistics, targets, findings and BENCHMARKS.md.

Virtuoso, the store compared with, runs as the private instance of
:mod:`cxkg.store.virtuoso`, which the tests use too. Nothing in the product imports
this package.
"""
