"""Views, one module per page or concern: each finds the report, calls a service, renders."""
