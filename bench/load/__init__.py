"""The measurements: each store timed query by query in a worker process, and the HTTP load."""
