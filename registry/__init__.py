"""The registry: schema, ingest, consolidation, the diff engine and scans."""
