#!/usr/bin/env bash
# Build the user guide (docs/, mkdocs.yml) into site/ with MkDocs, strictly: a broken link, an
# anchor that does not exist or a navigation entry without its page fails the build.
#
#   bash scripts/docs.sh              then open site/index.html
#
# MkDocs comes from PyPI into .venv (scripts/setup.sh installs it; installed here if missing).
# The examples in the pages are run by the test suite (tests/test_docs.py), not here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="$ROOT/.venv/bin/python"
[ -x "$PYTHON" ] || bash scripts/setup.sh
"$PYTHON" -c 'import mkdocs' 2>/dev/null ||
    "$PYTHON" -m pip install -q --disable-pip-version-check mkdocs
"$PYTHON" -m mkdocs build --strict --site-dir "$ROOT/site"
echo "[docs] built $ROOT/site/index.html"
