"""The reliability suite: bad inputs, faults, secrets and concurrency."""
