"""The house's rooms import one way: no import circle in the product.

Every module of the addon, its bridges and the sandbox is read as text (nothing is imported, so
Odoo is not needed); each `import` and `from ... import` naming a module of the product, at any
depth of the file, is an arrow; a circle of arrows (a strongly connected group of two or more
modules, or a module importing itself) fails the test with the modules named.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("xero_connector", "xero_connector_purchase", "xero_connector_sale", "xero_sandbox")


def _modules():
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if "tests" in rel.parts or "migrations" in rel.parts:
                continue  # tests and upgrade scripts are not rooms of the house
            parts = list(rel.parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join(parts)] = (path, is_package)
    return modules


def _absolute(module, is_package, node):
    if not node.level:
        return (node.module or "").removeprefix("odoo.addons.")
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_graph():
    modules = _modules()
    graph = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name.removeprefix("odoo.addons.") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, is_package, node)
                # `from pkg import sub` names the submodule when there is one, else pkg itself
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            else:
                continue
            for named in targets:
                known = named
                while known and known not in modules:  # `import a.b.c`: the deepest module known
                    known = known.rpartition(".")[0]
                if known:
                    graph[name].add(known)
    return graph


def circles(graph):
    """Tarjan's strongly connected components of two or more modules (or a self-import)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_rooms():
    graph = imports_graph()
    assert "xero_connector.sync.publish.batch" in graph["xero_connector.sync.publish.documents"]
    assert "xero_connector.sync.publish.orders" in graph["xero_connector_purchase.sync.export_purchase_orders"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circle(package):
    graph = imports_graph()
    mine = [group for group in circles(graph) if any(m.split(".")[0] == package for m in group)]
    assert not mine, "import circles: " + "; ".join(" <-> ".join(group) for group in mine)
