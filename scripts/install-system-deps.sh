#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the edition needs beyond Python 3.11:
#   TeX Live for the xelatex PDF (the list is the one the PDF build actually opens
#   files from, read off LaTeX's .fls record), xindy for its index, GNU FreeFont
#   (every character of the texts), poppler-utils for the PDF tests, and
#   iproute2/util-linux for the test that builds with no network, Chromium for the
#   browser and accessibility tests, Node.js with npm for axe-core and Lighthouse, and
#   jing for the TEI tests.
# Run as root or with sudo:  sudo bash scripts/install-system-deps.sh
set -euo pipefail

PACKAGES=(
  make
  texlive-xetex
  latexmk
  texlive-latex-base
  texlive-latex-recommended
  texlive-latex-extra          # fncychap, tabulary, titlesec, …  (brings texlive-pictures)
  texlive-fonts-recommended
  texlive-fonts-extra          # bbm and fontawesome5, loaded by sphinx-jupyterbook-latex
  texlive-plain-generic
  texlive-lang-spanish         # Spanish hyphenation for the Spanish PDF (polyglossia)
  fonts-freefont-otf
  xindy
  poppler-utils
  iproute2
  util-linux
  chromium
  jing                         # checks the TEI files against TEI-all (brings a Java runtime)
)

if [ "$(id -u)" -ne 0 ]; then
  exec sudo bash "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Debian's own Python 3.11 needs its venv module as a separate package.
if command -v python3.11 >/dev/null && ! python3.11 -c 'import ensurepip' 2>/dev/null; then
  PACKAGES+=(python3.11-venv)
fi
# Node.js: Debian's nodejs and npm, unless a Node.js (with its npm) is already installed.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
