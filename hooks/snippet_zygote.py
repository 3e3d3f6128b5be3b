"""A fork server for the build's snippet runs (started by hooks/snippet_runner.py; not a hook).

Starting Python and importing torch and matplotlib costs a few seconds per snippet, more than
most snippets compute. This process pays it once: it imports them, then forks one child per
request, and the child runs the snippet as `python NAME.py` would, in its folder, as
__main__, with the environment this server was started with (one thread, the light style,
PYTHONHASHSEED=0). Nothing of a run is left in the server: each child is a copy of it that
exits. tests/test_snippets.py reruns every snippet in a fresh interpreter and compares it
with the build, so a snippet that a forked run would change still fails the tests.

Protocol, one line each way per run: the request is JSON {"dir", "script", "stdout",
"stderr", "timeout"}; the answer is the child's exit code (negative: the signal that ended
it, SIGALRM after `timeout` seconds).
"""

import json
import os
import runpy
import signal
import sys
import traceback

import matplotlib.pyplot  # noqa: F401  (imported once, for every child)
import numpy  # noqa: F401
import torch  # noqa: F401


def run_child(request: dict) -> None:
    """In the forked child: become `python SCRIPT` in DIR, with stdout and stderr to files; never returns."""
    code = 1
    try:
        signal.alarm(int(request["timeout"]))
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            os.dup2(os.open(path, flags, 0o644), fd)
        os.chdir(request["dir"])
        sys.argv = [request["script"]]
        sys.path[0] = request["dir"]
        runpy.run_path(request["script"], run_name="__main__")
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if not isinstance(exit_.code, (int, type(None))):
            print(exit_.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(request)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    serve()
