"""The project installs one import name, ``cxkg``: its rooms never shadow other packages."""

from __future__ import annotations

import subprocess
import sys

import pytest

ROOMS = ("ontology", "store", "loaders", "queries", "api", "bench")


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_is_a_subpackage_of_cxkg_only(room, tmp_path):
    """Run from an empty folder, as any other program of the environment would."""
    found = subprocess.run([sys.executable, "-c", f"import cxkg.{room}; import {room}"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert found.returncode != 0 and f"No module named '{room}'" in found.stderr, found.stderr[-500:]
