"""Many Sphinx builds from one start: for tests that build one project again and again.

A test that puts fault after fault into a copy of the handbook (tests/test_bad_input.py)
runs a build for each. Started afresh, every build spends about half its time importing
Sphinx, the theme and the handbook's extensions. Here one process imports them once, then
forks a child for each build: the child starts from a process in which no build has run
(as a new ``sphinx-build`` would), runs the build and exits, so nothing one build leaves in
memory reaches the next; only the imports are shared.

Run as a script (``python tests/sphinx_forks.py``, from the project's folder, with the
environment every build is to have): it reads one request a line on its standard input,
``{"args": [...], "out": "FILE", "err": "FILE"}`` (sphinx-build's arguments, where its
standard output and error go), and answers each with a line ``{"returncode": N}``.
``SphinxForks`` (tests/conftest.py) drives it.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from pathlib import Path


def preload(confdir: Path) -> None:
    """Import what a build of the project imports: Sphinx's builders, and every extension
    ``conf.py`` names (conf.py itself is read again by each build, as always)."""
    import sphinx.builders.html  # noqa: F401
    from sphinx.cmd import build  # noqa: F401

    namespace: dict[str, object] = {"__file__": str(confdir / "conf.py")}
    sys.path.insert(0, str(confdir))
    exec(compile((confdir / "conf.py").read_bytes(), "conf.py", "exec"), namespace)
    sys.path.remove(str(confdir))
    for name in namespace.get("extensions", []):  # type: ignore[union-attr]
        importlib.import_module(str(name))


def build_in_child(args: list[str], out: str, err: str) -> int:
    """Fork; the child runs one build with its output in ``out`` and ``err``."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            for fd, path in ((1, out), (2, err)):
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(handle, fd)
                os.close(handle)
            from sphinx.cmd.build import build_main

            code = build_main(args)
        except BaseException:  # a crash is the build's failure, reported like one
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def main() -> None:
    preload(Path.cwd())
    for line in sys.stdin:
        request = json.loads(line)
        code = build_in_child(request["args"], request["out"], request["err"])
        print(json.dumps({"returncode": code}), flush=True)


if __name__ == "__main__":
    main()
