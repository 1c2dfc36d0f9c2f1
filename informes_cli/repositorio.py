"""A model's repository folder, read within bounds: small text files, a few levels deep.

Nothing outside the folder is read (symbolic links that leave it are ignored),
folders of dependencies and tools are skipped, and every file is read as UTF-8
text of at most ``TAMANO_MAXIMO`` bytes: a repository is untrusted input too.
"""

from dataclasses import dataclass
from pathlib import Path

# A requirements or lock file is a few hundred kB at most; a larger file is not one.
TAMANO_MAXIMO = 2 * 1024 * 1024
# How deep, and how many files, the search for an MLmodel or a __main__ module looks.
PROFUNDIDAD = 4
ARCHIVOS_MAXIMOS = 5000
OMITIDAS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", ".tox", ".nox", "node_modules",
        "__pycache__", "site-packages", "build", "dist", ".mypy_cache", ".pytest_cache",
        ".ruff_cache", "mlruns", ".idea", ".vscode",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Repositorio:
    raiz: Path

    @classmethod
    def abrir(cls, ruta: str) -> "Repositorio":
        raiz = Path(ruta).expanduser().resolve()
        if not raiz.is_dir():
            raise NotADirectoryError(f"{ruta} no es una carpeta")
        return cls(raiz)

    def dentro(self, ruta: Path) -> bool:
        try:
            ruta.resolve().relative_to(self.raiz)
        except (ValueError, OSError):
            return False
        return True

    def leer(self, ruta: Path | str) -> str | None:
        """The file's text, or None when it is missing, outside, too large or not UTF-8."""
        ruta = self.raiz / ruta if isinstance(ruta, str) else ruta
        try:
            if not ruta.is_file() or not self.dentro(ruta):
                return None
            if ruta.stat().st_size > TAMANO_MAXIMO:
                return None
            return ruta.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    def relativa(self, ruta: Path) -> str:
        return ruta.relative_to(self.raiz).as_posix()

    def buscar(self, patron, profundidad: int = PROFUNDIDAD) -> list[Path]:
        """Files whose name matches ``patron`` (a callable on the name), shallowest first."""
        encontrados, vistos = [], 0
        pendientes = [(self.raiz, 0)]
        while pendientes:
            carpeta, nivel = pendientes.pop(0)
            try:
                entradas = sorted(carpeta.iterdir())
            except OSError:
                continue
            for entrada in entradas:
                vistos += 1
                if vistos > ARCHIVOS_MAXIMOS:
                    return encontrados
                if entrada.is_symlink() and not self.dentro(entrada):
                    continue
                if entrada.is_dir():
                    if nivel < profundidad and entrada.name not in OMITIDAS:
                        pendientes.append((entrada, nivel + 1))
                elif patron(entrada.name):
                    encontrados.append(entrada)
        return encontrados
