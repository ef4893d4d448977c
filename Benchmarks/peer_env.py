"""Shared by the benchmark peers: run the calling script inside a virtual environment that holds
pinned versions of its Python packages, created on first use under ~/.cache/invkit/<name> (or
/tmp/invkit-<name> when the home is not writable)."""
import os
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version


def venv_path(name):
    home = os.path.expanduser("~/.cache/invkit")
    try:
        os.makedirs(home, exist_ok=True)
        return os.path.join(home, name)
    except OSError:
        return "/tmp/invkit-" + name


def ensure_environment(pinned, name):
    """Returns when every distribution in `pinned` (name → version) is installed at its version;
    otherwise creates the virtual environment `name` if needed and re-executes the script in it."""
    try:
        if all(version(dist) == wanted for dist, wanted in pinned.items()):
            return
    except PackageNotFoundError:
        pass
    venv = venv_path(name)
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        sys.exit("the virtual environment at %s does not hold the pinned versions %s" % (venv, pinned))
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv], stdout=sys.stderr)
        subprocess.check_call([python, "-m", "pip", "install", "--quiet"]
                              + ["%s==%s" % item for item in pinned.items()], stdout=sys.stderr)
    os.execv(python, [python] + sys.argv)
