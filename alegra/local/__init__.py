"""Local state on disk: config, credentials store, durable state files."""
