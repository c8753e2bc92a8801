"""The CX ontology and the code that owns the graph: store, reasoning, validation, export."""
