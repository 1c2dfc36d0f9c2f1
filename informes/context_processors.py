"""The signed-in user's role and what the navigation bar offers them."""

from . import policy


def rol(request):
    """The signed-in user's role name, shown in the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "rol_usuario": policy.nombre_rol(user),
        "puede_crear_informe": policy.puede_crear(user),
        "puede_ver_cola": policy.puede_ver_cola(user),
    }
