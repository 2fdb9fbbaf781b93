"""The build needs no network: it succeeds inside a network namespace that has only
a loopback interface (the notebook kernel talks to Sphinx over loopback)."""
import shutil
import subprocess

import pytest

from conftest import copy_book, run_build

ISOLATE = ["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "isolated"]


def namespace_unavailable() -> str | None:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare (util-linux) or ip (iproute2) is not installed"
    probe = subprocess.run(ISOLATE + ["true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"this machine does not allow a new network namespace: {probe.stderr.strip()}"
    return None


REASON = namespace_unavailable()


@pytest.mark.skipif(REASON is not None, reason=REASON or "")
def test_the_namespace_has_no_network_but_loopback():
    links = subprocess.run(ISOLATE + ["ip", "-o", "link", "show"], capture_output=True, text=True, check=True)
    names = [line.split(":")[1].strip() for line in links.stdout.splitlines()]
    assert names == ["lo"], links.stdout
    routes = subprocess.run(ISOLATE + ["ip", "route", "show"], capture_output=True, text=True, check=True)
    assert routes.stdout.strip() == "", f"the namespace has routes: {routes.stdout}"


@pytest.mark.skipif(REASON is not None, reason=REASON or "")
def test_a_clean_build_succeeds_without_network(tmp_path):
    book = copy_book(tmp_path)
    build = run_build("html", root=book, prefix=ISOLATE)
    assert build.returncode == 0, build.log[-5000:]
    assert "Executing notebook" in build.log  # a clean build: the notebook really ran offline
    assert (build.html / "chapters" / "ww-strategy-for-the-mass.html").is_file()
