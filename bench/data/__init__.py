"""The graphs a benchmark measures (seeded synthetic ones, the corpus build) and the queries bound for each."""
