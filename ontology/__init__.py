"""The model: the CX ontology, its shapes, rules, checks and editorial data, and the code that reasons over, validates and exports the graph."""
