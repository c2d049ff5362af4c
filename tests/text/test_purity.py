"""trygg.text is a pure kernel: it must import without Django."""

import ast
import subprocess
import sys
from pathlib import Path

import trygg.text

PACKAGE = Path(trygg.text.__file__).parent


def test_importing_trygg_text_loads_no_django():
    program = (
        "import sys\n"
        "import trygg.text\n"
        "trygg.text.scrub('Ring 070-123 45 67'); trygg.text.tag_themes('Mörkt')\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(PACKAGE.parent.parent)},
    )
    assert result.stdout.strip() == ""


def test_no_module_of_trygg_text_names_django_in_an_import():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path
