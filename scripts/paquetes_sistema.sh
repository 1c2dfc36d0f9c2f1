#!/usr/bin/env bash
# Makes sure the system libraries Informes needs are present.
#   scripts/paquetes_sistema.sh run    Pango and Cairo (WeasyPrint, CairoSVG), fonts
#                                      for the PDF: DejaVu, and Noto for other scripts,
#                                      CJK, symbols and emoji (fontconfig finds them)
#   scripts/paquetes_sistema.sh test   the above, plus Chromium for the browser tests
#                                      and docker-compose to validate the stack file
# On Debian/Ubuntu as root it installs what is missing with apt-get; elsewhere it
# stops and names what to install.
set -euo pipefail

paquetes=(libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fontconfig
          fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
# The PDF's fonts, by the names fontconfig knows them (static/informes/css/pdf.css).
familias=("DejaVu Sans" "DejaVu Sans Mono" "Noto Sans" "Noto Sans CJK SC" "Noto Color Emoji")
if [ "${1:-run}" = "test" ]; then
  paquetes+=(chromium docker-compose)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  faltan=()
  command -v chromium >/dev/null 2>&1 || [ "${1:-run}" != "test" ] || faltan+=("Chromium (/usr/bin/chromium)")
  for f in "${familias[@]}"; do
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$f" family)" ] || faltan+=("la fuente $f")
  done
  if [ ${#faltan[@]} -gt 0 ]; then
    echo "Falta instalar: ${faltan[*]}, además de Pango y Cairo para WeasyPrint." >&2
    exit 1
  fi
  exit 0
fi

faltan=()
for p in "${paquetes[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || faltan+=("$p")
done
[ ${#faltan[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Instalando paquetes del sistema: ${faltan[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${faltan[@]}" >/dev/null
else
  echo "Faltan paquetes del sistema: ${faltan[*]}" >&2
  echo "Instálelos con: sudo apt-get install ${faltan[*]}" >&2
  exit 1
fi
