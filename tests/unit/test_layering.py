"""bot/domain stays plain Python: no Telegram, database, YAML or Babel types leak in."""

import ast
from pathlib import Path

FORBIDDEN = ("telegram", "sqlalchemy", "yaml", "babel", "storage")
DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"


def test_domain_imports_nothing_framework_specific():
    offenders = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert not offenders, offenders
