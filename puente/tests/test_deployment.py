"""The systemd units in deploy/systemd: they parse, and they start what exists."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UNITS = sorted((REPO / "deploy" / "systemd").glob("*.service"))


def test_there_is_a_unit_for_the_web_the_worker_and_the_scheduler():
    assert [u.name for u in UNITS] == [
        "puente-scheduler.service", "puente-web.service", "puente-worker.service",
    ]  # fmt: skip
    assert "puente scheduler" in UNITS[0].read_text()
    assert "puente worker" in UNITS[2].read_text()


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_systemd_analyze_verifies_every_unit(tmp_path):
    # The units name /opt/puente; point them at this checkout so that systemd can also
    # check that every command they start exists and is executable.
    for unit in UNITS:
        text = unit.read_text().replace("/opt/puente", str(REPO))
        text = text.replace("EnvironmentFile=/", "EnvironmentFile=-/")
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.glob("*.service")))],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr and "not executable" not in result.stderr
