"""Demo data, backup and restore, media cleanup, README's generated parts."""
