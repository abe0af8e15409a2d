"""What reaches stdout and stderr: formatters, jq, progress, help examples."""
