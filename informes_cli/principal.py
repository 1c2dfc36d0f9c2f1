"""``informes-cli``: ``prefill RUTA``, ``export ID``, ``status ID`` against an Informes server.

The server and the token come from ``--url``/``--token`` or ``INFORMES_URL``/
``INFORMES_TOKEN`` (a token on the command line is visible to other users of the
machine: prefer the variable). Exit status: 0 done, 1 refused or unreachable,
2 wrong usage.
"""

import argparse
import os
import sys
from pathlib import Path

from informes.secretos import reemplazar_secretos

from . import propuesta
from .cliente import Cliente, ErrorAPI
from .repositorio import Repositorio

ANCHO_VALOR = 48


def _argumentos() -> argparse.ArgumentParser:
    analizador = argparse.ArgumentParser(
        prog="informes-cli",
        description="Llena y consulta informes de despliegue de Informes a través de su API.",
    )
    analizador.add_argument(
        "--url",
        default=os.environ.get("INFORMES_URL", ""),
        help="Dirección del servidor (o INFORMES_URL).",
    )
    analizador.add_argument(
        "--token",
        default=os.environ.get("INFORMES_TOKEN", ""),
        help="Token de acceso personal (mejor INFORMES_TOKEN).",
    )
    ordenes = analizador.add_subparsers(dest="orden", required=True)
    prefill = ordenes.add_parser(
        "prefill", help="Crea o completa un borrador desde un repositorio."
    )
    prefill.add_argument("ruta", help="Carpeta del repositorio del modelo.")
    prefill.add_argument("--informe", type=int, help="Completar este borrador en vez de crear uno.")
    prefill.add_argument(
        "--sobrescribir",
        action="store_true",
        help="Reemplazar también las etiquetas que ya tienen valor.",
    )
    exportar = ordenes.add_parser("export", help="Descarga un informe.")
    exportar.add_argument("id", type=int)
    exportar.add_argument("--formato", choices=["pdf", "md", "zip"], default="pdf")
    exportar.add_argument("--salida", help="Archivo donde guardarlo (por omisión, su nombre).")
    estado = ordenes.add_parser("status", help="Estado, completitud y acciones de un informe.")
    estado.add_argument("id", type=int)
    return analizador  # fmt: skip


def _resumen(valor) -> str:
    if isinstance(valor, list):
        textos = [" ".join(str(v) for v in f.values() if v) for f in valor]
        texto = f"{len(valor)} filas: " + ", ".join(textos)
    else:
        texto = " ".join(str(valor).split())
    return texto if len(texto) <= ANCHO_VALOR else texto[: ANCHO_VALOR - 1] + "…"


def tabla(resultados, etiquetas: dict) -> str:
    """One line per label: its template text, what happened, from which file, the value."""
    filas = [("Etiqueta", "Resultado", "Fuente", "Valor")]
    for r in resultados:
        texto = etiquetas.get(r.dato.campo, {}).get("etiqueta", r.dato.campo)
        filas.append((texto, r.accion, r.dato.fuente, _resumen(r.dato.valor)))
    anchos = [max(len(f[i]) for f in filas) for i in range(3)]
    lineas = ["  ".join(f[i].ljust(anchos[i]) for i in range(3)) + "  " + f[3] for f in filas]
    lineas.insert(1, "  ".join("-" * a for a in anchos) + "  " + "-" * 5)
    for r in resultados:
        lineas += [f"  (omitido) {o}" for o in r.dato.omitidos]
    return "\n".join(lineas)


def prefill(cliente: Cliente, ruta: str, pk: int | None, sobrescribir: bool, salida) -> int:
    # Nothing that looks like a credential leaves this machine: «<secreto>» instead.
    datos = propuesta.reemplazar_en(
        propuesta.leer_repositorio(Repositorio.abrir(ruta)), reemplazar_secretos
    )
    if not datos:
        print("No se encontró nada que llenar en esa carpeta.", file=salida)
    for intento in range(2):
        actual, etag = cliente.informe(pk) if pk is not None else (None, "")
        cuerpo, resultados = propuesta.cambios(datos, actual, sobrescribir)
        try:
            if pk is None:
                informe = cliente.crear(cuerpo)
            elif cuerpo:
                informe = cliente.modificar(pk, cuerpo, etag)
            else:
                informe = actual
        except ErrorAPI as error:
            # Someone saved the draft meanwhile: read it again, keep what they wrote.
            if error.estado == 412 and intento == 0:
                continue
            raise
        break
    print(f"Borrador: {informe['enlaces']['editar']}", file=salida)
    print(tabla(resultados, informe["etiquetas"]), file=salida)
    avisos = [a for a in informe.get("advertencias", []) if not a["inofensivo"]]
    if avisos:
        print("Posibles credenciales en el borrador (quítelas antes de enviarlo):", file=salida)
        for aviso in avisos:
            print(f"  {aviso['etiqueta']}: {aviso['descripcion']} ({aviso['extracto']})",
                  file=salida)  # fmt: skip
    return 0


def exportar(cliente: Cliente, pk: int, formato: str, destino: str | None, salida) -> int:
    datos, nombre, estado = cliente.descargar(pk, formato)
    if estado == 202:
        print("El PDF archivado se está preparando; intente de nuevo en un minuto.", file=salida)
        return 1
    ruta = Path(destino or nombre)
    ruta.write_bytes(datos)
    print(f"{ruta} ({len(datos)} bytes)", file=salida)
    return 0


def estado(cliente: Cliente, pk: int, salida) -> int:
    informe, _etag = cliente.informe(pk)
    nombre = informe["etiquetas"]["nombre_modelo"].get("valor") or "(sin nombre)"
    print(f"{nombre} · versión {informe['version']} · {informe['estado_nombre']}", file=salida)
    print(informe["enlaces"]["pagina"], file=salida)
    for seccion in informe["completitud"]:
        marca = "✓" if seccion["completa"] else " "
        cuenta = f"{seccion['llenas']}/{seccion['total']}"
        linea = f" {marca} {seccion['seccion']}. {seccion['titulo']}: {cuenta}"
        pendientes = [informe["etiquetas"][c]["etiqueta"] for c in seccion["pendientes"]]
        print(linea + (f" (falta: {', '.join(pendientes)})" if pendientes else ""), file=salida)
    print("Acciones: " + ", ".join(informe["acciones"]), file=salida)
    return 0


def main(argv=None, salida=None) -> int:
    salida = salida or sys.stdout
    args = _argumentos().parse_args(argv)
    if not args.url or not args.token:
        print("Indique el servidor y el token: --url y --token, o INFORMES_URL e INFORMES_TOKEN.",
              file=sys.stderr)  # fmt: skip
        return 2
    cliente = Cliente(args.url, args.token)
    try:
        if args.orden == "prefill":
            return prefill(cliente, args.ruta, args.informe, args.sobrescribir, salida)
        if args.orden == "export":
            return exportar(cliente, args.id, args.formato, args.salida, salida)
        return estado(cliente, args.id, salida)
    except ErrorAPI as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except (NotADirectoryError, OSError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
