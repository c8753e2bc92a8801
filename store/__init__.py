"""The graph store and the query runtime: embedded and remote stores behind one interface,
query processes with their limits, the egress check, and result writing."""
