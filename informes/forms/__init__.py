"""The report form: a ModelForm per section, row formsets, diagrams and requirements."""

from .diagramas import DiagramasExistentesFormSet, SubirDiagramasForm
from .filas import FORMSETS_FILAS, RequisitosForm
from .formulario import Bloque, FormularioInforme
from .reenvios import con_diagrama_movido, con_filas_extra, con_requisitos
from .secciones import FORMULARIOS_SECCION, NoAplicaForm

__all__ = [
    "FORMSETS_FILAS",
    "FORMULARIOS_SECCION",
    "Bloque",
    "DiagramasExistentesFormSet",
    "FormularioInforme",
    "NoAplicaForm",
    "RequisitosForm",
    "SubirDiagramasForm",
    "con_diagrama_movido",
    "con_filas_extra",
    "con_requisitos",
]
