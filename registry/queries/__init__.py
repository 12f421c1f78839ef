"""The read layer: every question the CLI, the API and the dashboard ask of the registry, `as_of` aware."""
