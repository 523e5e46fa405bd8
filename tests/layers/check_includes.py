#!/usr/bin/env python3
"""Layer check over #include lines (DESIGN.md: a lower layer never includes a higher one).

- engine/ includes no Qt header and nothing from app/;
- the folders of app/ include each other without cycles: the folder graph (an edge A -> B when a file in A
  includes "B/...") has no strongly connected component of more than one folder.
Prints each violation with the files that make it and exits 1; exit 0 when the layers hold.
Usage: check_includes.py SOURCE_ROOT            (the repository root)
       check_includes.py --self-test            (a generated tree with a cycle and a Qt include must fail)
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = INCLUDE.match(line)
            if m:
                yield m.group(1)


def sources(folder):
    for dirpath, _, files in os.walk(folder):
        for name in files:
            if name.endswith((".h", ".hpp", ".cpp", ".cc")):
                yield os.path.join(dirpath, name)


def folder_graph(app):
    folders = sorted(d for d in os.listdir(app) if os.path.isdir(os.path.join(app, d)))
    edges = {d: {} for d in folders}
    for d in folders:
        for path in sources(os.path.join(app, d)):
            for inc in includes(path):
                head = inc.split("/", 1)[0]
                if "/" in inc and head in edges and head != d:
                    edges[d].setdefault(head, []).append(os.path.relpath(path, app))
    return edges


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in edges:
        if v not in index:
            visit(v)
    return out


def check(root):
    problems = []
    engine = os.path.join(root, "engine")
    app = os.path.join(root, "app")
    app_folders = set(os.listdir(app)) if os.path.isdir(app) else set()
    engine_folders = set(os.listdir(engine)) if os.path.isdir(engine) else set()
    if os.path.isdir(engine):
        for path in sources(engine):
            for inc in includes(path):
                head = inc.split("/", 1)[0]
                if inc.startswith("Q") or ("/" in inc and head in app_folders - engine_folders):
                    problems.append(f"{os.path.relpath(path, root)} includes <{inc}>: engine/ is plain C++ "
                                    "without Qt or app/")
    if os.path.isdir(app):
        edges = folder_graph(app)
        for comp in cycles(edges):
            lines = [f"app/ folders include each other: {' <-> '.join(comp)}"]
            for a in comp:
                for b in comp:
                    if b in edges[a]:
                        files = sorted(set(edges[a][b]))
                        lines.append(f"    {a} -> {b}: {', '.join(files[:6])}{' ...' if len(files) > 6 else ''}")
            problems.append("\n".join(lines))
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        def write(rel, text):
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        write("app/a/a.h", '#include "b/b.h"\n')
        write("app/b/b.h", '#include "c/c.h"\n')
        write("app/c/c.h", '#include "a/a.h"\n#include "d/d.h"\n')
        write("app/d/d.h", "#include <vector>\n")
        write("engine/core/x.h", "#include <QString>\n")
        write("engine/core/y.h", '#include "d/d.h"\n#include "core/x.h"\n')
        problems = check(tmp)
        want = ["a <-> b <-> c", "engine/core/x.h includes <QString>", "engine/core/y.h includes <d/d.h>"]
        missing = [w for w in want if not any(w in p for p in problems)]
        if missing or len(problems) != 3:
            print("self-test FAILED: expected", want, "got", problems)
            return 1
        write("app/c/c.h", '#include "d/d.h"\n')
        write("engine/core/x.h", "#include <vector>\n")
        write("engine/core/y.h", '#include "core/x.h"\n')
        if check(tmp):
            print("self-test FAILED: a tree without cycles was flagged:", check(tmp))
            return 1
    print("self-test passed: a three-folder cycle, a Qt include and an app/ include in engine/ are flagged, a clean tree is not")
    return 0


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if sys.argv[1] == "--self-test":
        return self_test()
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        return 1
    print("layers hold: engine/ has no Qt or app/ include; app/ folders include each other without cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
