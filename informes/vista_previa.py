"""A report not saved yet, laid out as its detail page shows it: the form's «Vista previa»."""

from django.urls import reverse

from . import plantilla
from .markdown_seguro import renderizar
from .presentacion import Elemento, SeccionMostrada


def secciones(instantanea: dict, diagramas: list[dict]) -> list[SeccionMostrada]:
    """Every section of the snapshot ``instantanea``, as ``presentacion.secciones`` lays
    out a stored report.

    ``diagramas`` are the stored diagrams shown (each with ``pk``, ``informe_id``,
    size, title and caption); their URLs are the only images the rendered
    Markdown may show.
    """
    imagenes = [reverse("informes:diagrama", args=[d["informe_id"], d["pk"]]) for d in diagramas]
    no_aplica = instantanea["no_aplica"]
    resultado = []
    for seccion in plantilla.SECCIONES:
        elementos = []
        for etiqueta in seccion.etiquetas:
            campo = etiqueta.campo
            elemento = Elemento(etiqueta, no_aplica=no_aplica.get(campo, ""))
            if campo == "diagramas":
                elemento.filas = list(diagramas)
            elif etiqueta.es_filas:
                elemento.filas = list(instantanea["filas"][campo])
            elif etiqueta.tipo == plantilla.Tipo.LINEA:
                elemento.texto = instantanea["campos"][campo]
            else:
                elemento.html = renderizar(instantanea["campos"][campo], imagenes)
            elementos.append(elemento)
        nota = instantanea.get("notas", {}).get(str(seccion.numero), "")
        resultado.append(SeccionMostrada(seccion, elementos, renderizar(nota, imagenes)))
    return resultado
