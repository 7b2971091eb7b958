"""The CalDAV test infrastructure itself (tests/servers.py): real servers, the user's phone, the
recording proxy. If these fail, every CalDAV test after them means nothing."""

from __future__ import annotations

import os
import socket
import ssl
from urllib.parse import urlsplit

import pytest
import servers
from servers import DAVError, fresh_calendar

pytestmark = pytest.mark.caldav

EVENT = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Phone//Calendar//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:interview-acme@example.org\r\n"
    "DTSTAMP:20261001T120000Z\r\n"
    "DTSTART:20261123T090000Z\r\n"
    "DTEND:20261123T100000Z\r\n"
    "SUMMARY:Interview: Acme\\, round 1\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def lines(text: str) -> set[str]:
    return set(text.splitlines())


@pytest.mark.parametrize(
    "name", ["radicale_server", "radicale_auth_server", "xandikos_server", "xandikos_tls_server"]
)
def test_each_server_starts_on_loopback_and_serves_its_calendar_home(request, name):
    server = request.getfixturevalue(name)
    url = urlsplit(server.base_url)
    assert url.hostname == ("localhost" if server.ca_file else "127.0.0.1")
    assert server.process.poll() is None
    assert server.startup_seconds < servers.START_TIMEOUT
    assert server.home_url.startswith(server.base_url + "/")
    assert server.request("PROPFIND", server.home_url, headers={"Depth": "0"}).status == 207
    assert server.log.exists()


def test_a_vtodo_only_calendar_says_so(server):
    url = fresh_calendar(server, ("VTODO",))

    assert url.startswith(server.home_url) and url.endswith("/")
    assert server.components(url) == {"VTODO"}
    assert server.components(fresh_calendar(server)) == {"VEVENT", "VTODO"}


def test_put_get_hrefs_and_delete_round_trip(server, calendar_url):
    etag = server.put(calendar_url, "interview-acme@example.org", EVENT)
    href = server.object_url(calendar_url, "interview-acme@example.org")

    text, got_etag = server.get(href)
    assert got_etag == etag
    # Both servers store a re-serialised copy: same lines, not necessarily in the same order.
    assert lines(text) == lines(EVENT)
    assert server.hrefs(calendar_url) == {href: text}
    assert server.etags(calendar_url) == {href: etag}

    with pytest.raises(DAVError) as stale:
        server.put_href(href, EVENT.replace("round 1", "round 2"), etag='"not-the-etag"')
    assert stale.value.status == 412
    new_etag = server.put_href(href, EVENT.replace("round 1", "round 2"), etag=etag)
    assert new_etag != etag
    assert "round 2" in server.get(href)[0]

    server.delete(href, etag=new_etag)
    assert server.hrefs(calendar_url) == {}


def test_auth_refuses_a_wrong_password_and_accepts_the_right_one(auth_server):
    home, depth = auth_server.home_url, {"Depth": "0"}

    assert (
        auth_server.request("PROPFIND", home, headers=depth, auth=("alex", "wrong")).status == 401
    )
    assert auth_server.request("PROPFIND", home, headers=depth, auth=None).status == 401
    assert auth_server.request("PROPFIND", home, headers=depth).status == 207


def test_xandikos_tls_needs_its_ca_file(xandikos_tls_server):
    server = xandikos_tls_server
    assert server.base_url.startswith("https://localhost:")

    with pytest.raises(ssl.SSLCertVerificationError):
        server.request("OPTIONS", "/", ca_file=None)
    assert server.request("OPTIONS", "/").status < 500
    # The certificate also names 127.0.0.1, for clients that connect by address.
    by_address = server.via(server.base_url.replace("localhost", "127.0.0.1"))
    assert by_address.request("PROPFIND", server.home_url, headers={"Depth": "0"}).status == 207


def test_radicale_can_serve_tls_too_and_stops_on_exit(tmp_path):
    with servers.radicale(tmp_path, auth=True, tls=True) as server:
        with pytest.raises(ssl.SSLCertVerificationError):
            server.request("OPTIONS", "/", ca_file=None)
        assert server.components(fresh_calendar(server, ("VTODO",))) == {"VTODO"}
    assert server.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(server.process.pid, 0)  # reaped, not a zombie


def test_a_server_that_cannot_start_says_why(tmp_path, monkeypatch):
    with socket.socket() as taken:
        taken.bind((servers.HOST, 0))
        monkeypatch.setattr(servers, "free_port", lambda: taken.getsockname()[1])
        failing = pytest.raises(RuntimeError, match=r"(?s)radicale exited.*Address already in use")
        with failing, servers.radicale(tmp_path):
            pass  # pragma: no cover


def test_the_proxy_forwards_and_records_what_the_client_sent(auth_server, recording_proxy):
    proxy = recording_proxy(auth_server)
    phone = auth_server.via(proxy)  # Authorization must pass through, to http or https
    calendar = fresh_calendar(phone, ("VEVENT",))
    href = phone.object_url(calendar, "interview-acme@example.org")

    etag = phone.put_href(href, EVENT, create=True)
    phone.put_href(href, EVENT.replace("round 1", "round 2"), etag=etag)

    assert [(e.method, e.path, e.injected) for e in proxy.exchanges] == [
        ("MKCALENDAR", urlsplit(calendar).path, False),
        ("PUT", urlsplit(href).path, False),
        ("PUT", urlsplit(href).path, False),
    ]
    create, update = proxy.exchanges[1:]
    assert create.status == 201 and update.status in (200, 204)
    assert create.request_headers["if-none-match"] == "*"
    assert update.request_headers["IF-MATCH"] == etag
    assert "If-Match" not in create.request_headers
    assert update.request_headers["authorization"].startswith("Basic ")
    assert "round 2" in auth_server.get(auth_server.url(urlsplit(href).path))[0]

    proxy.clear()
    assert proxy.exchanges == []


def test_the_proxy_injects_faults_then_forwards_again(radicale_server, recording_proxy):
    proxy = recording_proxy(radicale_server)
    phone = radicale_server.via(proxy)
    calendar = fresh_calendar(phone)
    href = phone.object_url(calendar, "interview-acme@example.org")
    proxy.clear()

    proxy.fail_next(2, status=503, retry_after=7, methods=["PUT"])
    assert phone.request("GET", href).status == 404  # not a PUT: forwarded
    first = phone.request("PUT", href, EVENT)
    assert (first.status, first.headers["retry-after"]) == (503, "7")
    assert phone.request("PUT", href, EVENT).status == 503
    direct = radicale_server.url(urlsplit(calendar).path)
    assert radicale_server.hrefs(direct) == {}  # the injected answers never reached the server
    assert phone.request("PUT", href, EVENT).status == 201

    proxy.drop_next(1)
    with pytest.raises(ConnectionError):  # reset by peer
        phone.request("GET", href)
    assert phone.request("GET", href).status == 200

    assert [(e.method, e.status, e.injected) for e in proxy.exchanges] == [
        ("GET", 404, False),
        ("PUT", 503, True),
        ("PUT", 503, True),
        ("PUT", 201, False),
        ("GET", None, True),
        ("GET", 200, False),
    ]
