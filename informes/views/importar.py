"""Import a report, as Markdown or as a zip with its diagrams, into a new draft."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from .. import services
from ..importer.formulario import ImportarForm
from ..importer.resumen import resumen
from ..secretos import reemplazar_secretos
from ..secretos.en_informe import hallazgos_lectura, recortar
from .acceso import exigir_creacion, obtener_visible

CLAVE_SESION = "informes_importacion"


@login_required
def importar(request):
    """Upload form; a valid file becomes a draft owned by the user, then a summary."""
    exigir_creacion(request)
    form = ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        subida = form.cleaned_data["archivo"]
        try:
            informe, lectura = services.informe_importar(
                autor=request.user, texto=subida.texto, paquete=subida.paquete
            )
        except ValidationError as error:
            form.add_error("archivo", error)
        else:
            request.session[CLAVE_SESION] = {
                **resumen(lectura, pk=informe.pk, mostrar=reemplazar_secretos),
                "secretos": recortar(hallazgos_lectura(lectura)),
            }
            return redirect("informes:importar_resultado")
    return render(request, "informes/importar.html", {"form": form})


@login_required
def importar_resultado(request):
    """What the last import filled, left empty and could not place, and where it went."""
    datos = request.session.get(CLAVE_SESION)
    if not datos:
        raise Http404
    informe = obtener_visible(request, datos["pk"])
    return render(
        request, "informes/importar_resultado.html", {"informe": informe, "resumen": datos}
    )
