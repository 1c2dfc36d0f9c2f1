"""informes-cli: prefill a deployment report from a model's repository, through the JSON API.

It speaks to an Informes server over HTTP only (``INFORMES_URL``, ``INFORMES_TOKEN``)
and never imports Django: it runs on any machine with the repository.
"""
