"""The catalogue of competency questions: one SPARQL file each, bound with parameters."""
