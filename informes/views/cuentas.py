"""Signing in: each person lands where their work is, reviewers on their queue."""

from django.contrib.auth.views import LoginView
from django.shortcuts import resolve_url

from .. import policy


class Entrada(LoginView):
    """Django's sign-in page; without a ``next``, reviewers go to /revision/, others to
    /informes/ (a reviewer who also writes reports is a reviewer first)."""

    def get_default_redirect_url(self):
        if policy.es_revisor(self.request.user):
            return resolve_url("revision:cola")
        return super().get_default_redirect_url()


entrada = Entrada.as_view()
