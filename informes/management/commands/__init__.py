"""Demo data, backup and restore, media cleanup, access tokens, README's generated parts."""
