"""HTTP to Alegra: client, retries, failures, rate limit, quota, dry run."""
