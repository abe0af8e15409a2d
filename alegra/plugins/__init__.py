"""Built-in plugins, registered through the same entry points as any other."""
