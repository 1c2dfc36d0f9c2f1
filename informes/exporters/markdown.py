"""The report as Markdown that reproduces the official template line by line.

The frame (logo, title, introduction, the nine headings, section introductions,
metadata) lives in ``templates/informes/export/informe.md``; this module writes
each label's lines, walking ``plantilla.SECCIONES`` so no label is written twice.

Layout rules, which the importer reads back:

- A one-line value follows its label on the same line:
  ``- **Nombre del Modelo:** Clasificador``.
- Longer Markdown goes after the label, separated by a blank line, as the
  template does for the documentation section (whose labels always use it).
- Listed rows are a nested bullet list under their label; diagrams are images
  under "Diagrama de Arquitectura" with their caption.
- An empty label shows ``_(Pendiente)_``, never the template's hint; a label
  marked not applicable shows ``No aplica: <motivo>``.
- Lines of user content that would read as a heading (``#`` or underlined)
  or as a bold label get one more leading backslash, so the template's
  skeleton never changes; the importer removes exactly one.
- A section's unclassified text (from an import) follows its heading, under
  ``_Texto sin clasificar:_``.
- Values are written as stored (``dialecto.canonico``), so that importing the
  export gives back the same stored values.
- The report's metadata goes in an HTML comment after the nine sections.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from .. import filas as tipos_de_fila
from .. import plantilla
from ..dialecto import (
    FIN_METADATOS,
    INICIO_METADATOS,
    MARCA_SIN_CLASIFICAR,
    PENDIENTE,
    PREFIJO_NO_APLICA,
    canonico_linea,
    canonico_markdown,
    escapar,
    escapar_marcador,
)
from ..fragmentos import figura
from ..models import Informe

CARPETA_DIAGRAMAS = "diagramas"

# The template's own logo line: kept as text, never fetched.
LOGO_PLANTILLA = plantilla.RUTA_PLANTILLA.read_text(encoding="utf-8").splitlines()[0]

# Content that Markdown would read as a block if written after the label.
INICIO_DE_BLOQUE = re.compile(r"^\s*([#>|]|[-*+]\s|\d+[.)]\s|`{3,}|~{3,}|!\[)")


def nombre_diagrama(diagrama, posicion: int) -> str:
    """The diagram's file name inside the export: stable and never from the user."""
    extension = diagrama.imagen.name.rsplit(".", 1)[-1].lower() if diagrama.imagen else "png"
    return f"diagrama-{posicion}.{extension}"


@dataclass
class Bloque:
    """The lines of one label; ``largo`` when followed by paragraphs."""

    texto: str
    largo: bool = False


def _contenido(
    informe: Informe, seccion, etiqueta, sangria: str, *, no_aplica: bool
) -> tuple[str, str, bool]:
    """(what follows the label on its line, what goes below it, whether paragraphs follow).

    Under a «No aplica» line a value the label also holds goes below it, so the
    export says everything the report stores.
    """
    if etiqueta.es_filas:
        tipo = tipos_de_fila.TIPOS[etiqueta.campo]
        filas = list(getattr(informe, etiqueta.campo).all())
        if not filas:
            return PENDIENTE, "", False
        if tipo.imagen:
            figuras = (
                figura(
                    **tipo.valores(d),
                    posicion=n,
                    ruta=f"{CARPETA_DIAGRAMAS}/{nombre_diagrama(d, n)}",
                )
                for n, d in enumerate(filas, start=1)
            )
            return "", "\n\n" + "\n\n".join(figuras), True
        items = [f"{sangria}  - {tipo.escribir(tipo.valores(f))}" for f in filas]
        return "", "\n" + "\n".join(items), False
    valor = getattr(informe, etiqueta.campo) or ""
    if etiqueta.tipo == plantilla.Tipo.LINEA:
        valor = canonico_linea(valor)
        if not valor:
            return PENDIENTE, "", False
        if no_aplica:  # indented: a paragraph of the list item, never a heading or fence
            return "", f"\n\n{sangria}    {escapar(escapar_marcador(valor))}", True
        return escapar_marcador(valor), "", False
    valor = canonico_markdown(valor)
    if not valor:
        if seccion.introduccion and not no_aplica:
            # The documentation labels keep their content below them, even the marker.
            return "", f"\n\n{PENDIENTE}", True
        return PENDIENTE, "", False
    if no_aplica or seccion.introduccion or "\n" in valor or INICIO_DE_BLOQUE.match(valor):
        return "", f"\n\n{escapar_marcador(escapar(valor))}", True
    return escapar_marcador(valor), "", False


def _bloque_etiqueta(informe: Informe, seccion, etiqueta, sangria: str) -> Bloque:
    cabeza = f"{sangria}- **{etiqueta.texto}:**"
    motivo = (informe.no_aplica or {}).get(etiqueta.campo)
    en_linea, debajo, largo = _contenido(
        informe, seccion, etiqueta, sangria, no_aplica=motivo is not None
    )
    if motivo is not None:
        en_linea = f"{PREFIJO_NO_APLICA} {canonico_linea(motivo)}".rstrip()
    texto = f"{cabeza} {en_linea}" if en_linea else cabeza
    return Bloque(texto + debajo, largo)


def nota_seccion(informe: Informe, seccion: plantilla.Seccion) -> str:
    """The section's unclassified text under its mark, or "" when it has none."""
    nota = canonico_markdown((informe.notas or {}).get(str(seccion.numero), ""))
    return f"{MARCA_SIN_CLASIFICAR}\n\n{escapar(nota)}" if nota else ""


def cuerpo_seccion(informe: Informe, seccion: plantilla.Seccion) -> str:
    """Every label of a section, nested under its group as the template does."""
    bloques: list[Bloque] = []
    grupo_abierto = ""
    for etiqueta in seccion.etiquetas:
        if etiqueta.grupo and etiqueta.grupo != grupo_abierto:
            bloques.append(Bloque(f"- **{etiqueta.grupo}:**"))
        grupo_abierto = etiqueta.grupo
        sangria = "  " if etiqueta.grupo else ""
        bloques.append(_bloque_etiqueta(informe, seccion, etiqueta, sangria))
    texto = bloques[0].texto
    for anterior, bloque in zip(bloques, bloques[1:], strict=False):
        texto += ("\n\n" if anterior.largo else "\n") + bloque.texto
    nota = nota_seccion(informe, seccion)
    return f"{nota}\n\n{texto}" if nota else texto


def nombre_persona(user) -> str:
    return user.get_full_name() or user.get_username()


def metadatos(informe: Informe) -> dict[str, str]:
    """Version, estado, authors and approval, in a fixed order."""
    autores = [nombre_persona(informe.autor)]
    autores += [nombre_persona(c) for c in informe.coautores.order_by("username")]
    datos = {
        "version": str(informe.version),
        "estado": informe.estado,
        "autores": "; ".join(autores),
    }
    aprobado_por = getattr(informe, "aprobado_por", None)
    aprobado_en = getattr(informe, "aprobado_en", None)
    if aprobado_por is not None:
        datos["aprobado_por"] = nombre_persona(aprobado_por)
    if aprobado_en is not None:
        datos["aprobado_en"] = timezone.localdate(aprobado_en).isoformat()
    return datos


def linea_logo() -> str:
    """The template's logo line, or the one set in ``INFORMES_LOGO_MARKDOWN``."""
    configurado = getattr(settings, "INFORMES_LOGO_MARKDOWN", None)
    return LOGO_PLANTILLA if configurado is None else configurado.strip()


def exportar(informe: Informe) -> str:
    """The report as template-faithful Markdown; same report, same bytes."""
    secciones = [
        {
            "encabezado": s.encabezado,
            "introduccion": s.introduccion,
            "cuerpo": cuerpo_seccion(informe, s),
        }
        for s in plantilla.SECCIONES
    ]
    texto = render_to_string(
        "informes/export/informe.md",
        {
            "logo": linea_logo(),
            "titulo": plantilla.TITULO,
            "introduccion": plantilla.INTRODUCCION,
            "secciones": secciones,
            "metadatos": metadatos(informe),
            "inicio_metadatos": INICIO_METADATOS,
            "fin_metadatos": FIN_METADATOS,
        },
    )
    return texto.strip("\n") + "\n"


def nombre_archivo(informe: Informe, extension: str) -> str:
    """A clean download name from the model name and version."""
    base = slugify(informe.nombre_modelo or "") or "informe"
    return f"informe-{base[:60]}-v{informe.version}.{extension}"
