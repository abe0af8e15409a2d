"""The application: cliff app, commands, help, shell, entry point, fan-out."""
