"""The customer-experience knowledge graph: settings and the `cxkg` command; each room is a subpackage."""
