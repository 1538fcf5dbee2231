"""How the code is laid out: bot/domain stays plain Python (no Telegram, database, YAML or
Babel types leak in); services speak no Telegram and render no texts themselves (they get
them from `Services.notices`); views take plain data and never reach the database; bot/ and
storage/ have no import cycle, not even through an import inside a function; and no module
there outgrows what a person can hold in their head."""

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


def _every_import(tree: ast.AST) -> list[str]:
    """Every absolute name a module imports anywhere: at the top, inside a function, under
    `if TYPE_CHECKING:`. `from bot import views` counts as `bot.views`."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def _imports_of(package: Path, forbidden: tuple[str, ...]) -> list[str]:
    offenders = []
    for path in sorted(package.rglob("*.py")):
        for name in _every_import(ast.parse(path.read_text(encoding="utf-8"))):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                offenders.append(f"{path.relative_to(package.parents[1])}: {name}")
    return sorted(set(offenders))


def test_the_import_finder_sees_late_type_only_and_from_package_imports():
    tree = ast.parse(
        "from bot import views\n"
        "if TYPE_CHECKING:\n    import telegram.ext\n"
        "def f():\n    from storage.models import Person\n"
        "from . import sibling\n"
    )
    found = _every_import(tree)
    assert {"bot.views", "telegram.ext", "storage.models"} <= set(found)
    assert not any("sibling" in name for name in found)


def test_services_import_no_telegram_and_no_views():
    """Services decide who is told what; the words come from `Services.notices`
    (bot/services/notices.py), implemented in bot/views/notices.py and wired in bot/app.py."""
    assert _imports_of(ROOT / "bot" / "services", ("telegram", "bot.views")) == []


def test_views_import_no_storage_no_sqlalchemy_and_no_turn():
    """Views take a Translator and plain data (bot/views/shapes.py); the caller reads the
    database. Not a Turn either (bot.context): it carries the session."""
    forbidden = ("storage", "sqlalchemy", "bot.context")
    assert _imports_of(ROOT / "bot" / "views", forbidden) == []


# --- import graph: no cycles, late imports included --------------------------------------

ROOT = DOMAIN.parents[1]
PACKAGES = ("bot", "storage")
MAX_LINES = 800


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module in bot/ and storage/."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(module: str, is_package: bool, tree: ast.Module, known: set[str]) -> set[str]:
    """Every bot/storage module this one imports, at the top or inside a function, leaving
    out `if TYPE_CHECKING:` blocks (they never run)."""

    def closest_known(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for statement in child.orelse:
                    visit_one(statement)
            else:
                visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(filter(None, (closest_known(alias.name) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from ..pkg import y
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                # `from bot.services import peer` imports the module bot.services.peer
                target = f"{source}.{alias.name}"
                found.add(target if target in known else closest_known(source) or "")
        else:
            visit(node)

    visit(tree)
    found.discard("")
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: _imported(name, path.name == "__init__.py", ast.parse(path.read_text()), known)
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), i.e. every set of
    modules that import each other, directly or round a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_late_import():
    late = ast.parse("def f():\n    from bot.b import thing\n")
    early = ast.parse("import bot.a\n")
    hidden = ast.parse("if TYPE_CHECKING:\n    import bot.a\n")
    known = {"bot.a", "bot.b"}
    graph = {"bot.a": _imported("bot.a", False, late, known)}
    assert cycles({**graph, "bot.b": _imported("bot.b", False, early, known)}) == [
        ["bot.a", "bot.b"]
    ]
    assert cycles({**graph, "bot.b": _imported("bot.b", False, hidden, known)}) == []


def test_no_import_cycles_in_bot_or_storage_late_imports_included():
    graph = import_graph()
    assert "bot.services.peer" in graph["bot.jobs"]  # function-level imports are counted
    assert cycles(graph) == []


def test_no_module_over_800_lines_outside_the_sandbox():
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in _modules().values()
        if "sandbox" not in path.parts
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
