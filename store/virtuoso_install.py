"""Install Virtuoso Open Source 7 from Debian's packages, and write an instance's ini file.

In a container the package's own service does not start: these helpers only
put the programs on the machine and prepare a private instance's
configuration (see :mod:`cxkg.store.virtuoso`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Mapping

PACKAGE = "virtuoso-opensource"
SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
PROGRAMS = ("virtuoso-t", "isql-vt", "inifile")


class VirtuosoUnavailable(RuntimeError):
    """Virtuoso is not installed and cannot be installed here."""


def installed() -> bool:
    """Whether the server, its SQL client and its ini tool are on the machine."""
    return SYSTEM_INI.is_file() and all(shutil.which(p) for p in PROGRAMS)


def install() -> float:
    """``apt-get install`` the package (non-interactively) unless it is there; the seconds it took.

    :raises VirtuosoUnavailable: when it is missing and this is not root, or apt-get fails.
    """
    if installed():
        return 0.0
    if os.geteuid() != 0:
        raise VirtuosoUnavailable(f"{PACKAGE} is not installed, and installing it with apt-get needs root")
    started = time.perf_counter()
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "--no-install-recommends", PACKAGE]
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:  # a fresh machine may have no package lists yet
        subprocess.run(["apt-get", "update"], capture_output=True, env=environment)
        done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0 or not installed():
        raise VirtuosoUnavailable(f"apt-get could not install {PACKAGE}: {done.stderr[-1000:]}")
    return time.perf_counter() - started


def write_ini(ini: Path, values: Mapping[tuple[str, str], object]) -> None:
    """Copy the package's ini file to ``ini`` and set ``values`` by (section, key).

    Virtuoso's own ``inifile`` tool does the editing: the file repeats keys
    and uses ``;`` comments, which configparser rejects.
    """
    shutil.copyfile(SYSTEM_INI, ini)
    for (section, key), value in values.items():
        subprocess.run(["inifile", "+inifile", str(ini), "+section", section, "+key", key, "+value", str(value)],
                       check=True, capture_output=True)
