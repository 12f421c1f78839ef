"""HTTP API and dashboard over the registry (FastAPI); see :func:`api.app.create_app`."""
