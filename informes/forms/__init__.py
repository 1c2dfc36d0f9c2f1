"""The report form: a ModelForm per section, row formsets, diagrams and requirements."""

from .diagramas import DiagramasExistentesFormSet, SubidaInmediataForm, SubirDiagramasForm
from .errores import Errores, errores_de
from .filas import FORMSETS_FILAS, RequisitosForm
from .formulario import Bloque, FormularioInforme
from .reenvios import con_diagrama_movido, con_filas_extra, con_requisitos
from .secciones import FORMULARIOS_SECCION, NoAplicaForm

__all__ = [
    "FORMSETS_FILAS",
    "FORMULARIOS_SECCION",
    "Bloque",
    "DiagramasExistentesFormSet",
    "Errores",
    "FormularioInforme",
    "NoAplicaForm",
    "RequisitosForm",
    "SubidaInmediataForm",
    "SubirDiagramasForm",
    "con_diagrama_movido",
    "con_filas_extra",
    "con_requisitos",
    "errores_de",
]
