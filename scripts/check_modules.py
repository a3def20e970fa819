#!/usr/bin/env python3
"""Fails when the modular-monolith rules are broken (run by ctest).

- A module (src/modules/<ctx>) may include another module only through its public
  header "modules/<other>/<other>.hpp" — never its internals.
- Shared infrastructure never includes modules or the app, and follows its layering.
- The graph of module → module includes has no cycle.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# What each infrastructure folder may include (besides itself).
LAYERS = {
    "core": set(),
    "db": {"core"},
    "http": {"core"},
    "cache": {"core"},
    "events": {"core", "db"},
    "observability": {"core", "http"},
}


def main(src: pathlib.Path) -> int:
    problems = []
    graph = {}
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".hpp", ".cpp"):
            continue
        rel = path.relative_to(src)
        parts = rel.parts
        includes = INCLUDE.findall(path.read_text(encoding="utf-8"))
        if parts[0] == "modules":
            owner = parts[1]
            graph.setdefault(owner, set())
            for inc in includes:
                ip = inc.split("/")
                if ip[0] == "app":
                    problems.append(f"{rel}: a module must not include the app layer ({inc})")
                if ip[0] != "modules" or len(ip) < 3:
                    continue
                other = ip[1]
                if other == owner:
                    continue
                if inc != f"modules/{other}/{other}.hpp":
                    problems.append(f"{rel}: includes internals of module '{other}' ({inc}); use modules/{other}/{other}.hpp")
                graph[owner].add(other)
        elif parts[0] in LAYERS:
            layer = parts[0]
            for inc in includes:
                top = inc.split("/")[0]
                if top == layer or top not in set(LAYERS) | {"modules", "app"}:
                    continue
                if top not in LAYERS[layer]:
                    problems.append(f"{rel}: infrastructure '{layer}' must not include '{inc}'")

    # Cycle detection (DFS with colours).
    colour = {m: 0 for m in graph}
    stack = []

    def visit(m):
        colour[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if colour.get(n, 0) == 1:
                cycle = stack[stack.index(n):] + [n]
                problems.append("module cycle: " + " -> ".join(cycle))
            elif colour.get(n, 0) == 0:
                visit(n)
        stack.pop()
        colour[m] = 2

    for m in sorted(graph):
        if colour[m] == 0:
            visit(m)

    for p in problems:
        print(p)
    print(f"checked {len(graph)} modules: {'OK' if not problems else str(len(problems)) + ' problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
