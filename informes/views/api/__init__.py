"""The JSON API at /api/v1/: the pages' services and policy behind token or session auth."""
