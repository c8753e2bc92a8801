"""From raw figures to BENCHMARKS.md: statistics, targets, findings, tables and the machine."""
