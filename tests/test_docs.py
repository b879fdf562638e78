"""Every code example of the documentation runs, and the site builds.

The ```python blocks of each page under docs/ run in order, as one script (a page's examples
build on each other, and oxjit compiles from source, so they go into a file); their ``assert``
statements are the checks. Blocks of other languages (```sh, ```text) are not Python and are not
run. The site build (``mkdocs build --strict``: broken links and anchors, a navigation entry
without its page) runs when MkDocs is installed (scripts/setup.sh installs it); CI also runs it through
scripts/docs.sh.
"""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def pages():
    found = []
    for folder, _, files in os.walk(DOCS):
        found += [os.path.join(folder, f) for f in files if f.endswith(".md")]
    return sorted(found)


def examples(path):
    with open(path, encoding="utf-8") as f:
        return BLOCK.findall(f.read())


PAGES_WITH_EXAMPLES = [p for p in pages() if examples(p)]


def test_user_guide_has_examples():
    names = {os.path.basename(p) for p in PAGES_WITH_EXAMPLES}
    for page in ("index.md", "guide.md", "python-features.md", "numpy-features.md",
                 "migrating.md", "troubleshooting.md"):  # fmt: skip
        assert page in names


@pytest.mark.requires_jit
@pytest.mark.parametrize("path", PAGES_WITH_EXAMPLES, ids=lambda p: os.path.relpath(p, DOCS))
def test_examples_run(path, tmp_path):
    script = tmp_path / (os.path.basename(path)[:-3].replace("-", "_") + ".py")
    script.write_text("\n\n".join(examples(path)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OXJIT_", "NUMBA_"))}
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_builds(tmp_path):
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        pytest.skip("MkDocs is not installed (scripts/setup.sh installs it)")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "guide" / "index.html").is_file()
