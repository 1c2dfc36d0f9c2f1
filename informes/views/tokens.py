"""A user's personal access tokens: create one (shown once), list them, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..forms.tokens import TokenForm
from ..models import TokenAcceso


def _pagina(request, form, nuevo: str = "", status: int = 200):
    tokens = TokenAcceso.objects.filter(usuario=request.user)
    contexto = {"form": form, "tokens": tokens, "nuevo": nuevo}
    return render(request, "informes/tokens.html", contexto, status=status)


@login_required
def tokens(request):
    """The user's tokens; a POST creates one and shows it, this once, on the answer.

    The token is never stored in the session nor shown again: the answer to
    the POST is the only place it appears (and it is not cached).
    """
    if request.method != "POST":
        return _pagina(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _pagina(request, form, status=400)
    try:
        _token, texto = services.token_crear(usuario=request.user, **form.servicio())
    except services.DatoInvalido as error:
        form.add_error(None, error.mensaje)
        return _pagina(request, form, status=400)
    return _pagina(request, TokenForm(), nuevo=texto)


@login_required
@require_POST
def revocar(request, pk: int):
    """Revoke one of the user's own tokens (another user's id: 404)."""
    token = get_object_or_404(TokenAcceso, pk=pk, usuario=request.user)
    services.token_revocar(token=token, usuario=request.user)
    messages.success(request, services.MENSAJE_TOKEN_REVOCADO_OK)
    return redirect("tokens")
