"""Storage: the schema, its migrations, engines, document identity and the ingest that writes rows."""
