"""Views, one module per concern; each view is thin and asks ``policy`` first."""
