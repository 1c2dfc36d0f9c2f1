"""WSGI."""
application = None
