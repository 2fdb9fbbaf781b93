"""The build needs no network: the extended book (conftest) is built inside a network
namespace that has only a loopback interface (the notebook kernel talks to Sphinx over
loopback), and its notebooks run there, since its data differ from the session build's."""
import socket
import subprocess

import pytest
import pytest_socket

from harness import books

REASON = books.no_network_unavailable()


@pytest.mark.skipif(REASON is not None, reason=REASON or "")
def test_the_namespace_has_no_network_but_loopback():
    links = subprocess.run(books.NO_NETWORK + ["ip", "-o", "link", "show"], capture_output=True, text=True,
                           check=True)
    names = [line.split(":")[1].strip() for line in links.stdout.splitlines()]
    assert names == ["lo"], links.stdout
    routes = subprocess.run(books.NO_NETWORK + ["ip", "route", "show"], capture_output=True, text=True, check=True)
    assert routes.stdout.strip() == "", f"the namespace has routes: {routes.stdout}"


@pytest.mark.skipif(REASON is not None, reason=REASON or "")
def test_a_clean_build_succeeds_without_network(extended_build):
    assert extended_build.without_network
    assert extended_build.returncode == 0, extended_build.log[-5000:]
    assert "Executing notebook" in extended_build.log  # the notebooks really ran offline
    assert (extended_build.html / "chapters" / "ww-strategy-for-the-mass.html").is_file()


def test_a_test_cannot_reach_the_network_but_can_reach_loopback():
    """pytest-socket (configured in pyproject.toml) refuses every connection from the test
    process but those to loopback."""
    with pytest.raises(pytest_socket.SocketConnectBlockedError), pytest.warns(UserWarning, match="192.0.2.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        socket.create_connection(server.getsockname(), timeout=1).close()
