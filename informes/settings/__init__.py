"""Settings modules: base (development), production and test."""
