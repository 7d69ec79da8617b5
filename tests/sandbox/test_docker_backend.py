"""Real runs of the docker backend: needs a docker engine and ``bash sandboxes/build-image.sh``."""

from __future__ import annotations

import fcntl
import socket
import struct
import time

import pytest

from synthcode.sandbox.base import RunRequest, SandboxError
from synthcode.sandbox.docker import WORKER_LABEL, DockerSandbox

pytestmark = pytest.mark.docker

SIOCGIFADDR = 0x8915

try:
    DockerSandbox().check()
except SandboxError as exc:
    pytest.skip(f"docker backend unavailable: {exc}", allow_module_level=True)


@pytest.fixture(scope="module")
def sandbox():
    backend = DockerSandbox()
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def worker(sandbox):
    started = sandbox.start_worker()
    yield started
    started.close()


def run(worker, code: str, tests=("test_ok",), timeout: float = 10.0):
    result = worker.run(RunRequest(code=code, tests=list(tests), timeout=timeout))
    assert result.worker_died is None, result.worker_died
    return result


def verdicts(result) -> dict[str, str]:
    return {e["test"]: e["event"] for e in result.events if e["event"] in ("pass", "fail")}


def worker_containers(sandbox) -> list[str]:
    return [c.id for c in sandbox._docker().containers.list(all=True, filters={"label": WORKER_LABEL})]


def test_pass_and_fail(worker):
    code = "def add(a, b):\n    return a + b\n\ndef test_ok():\n    assert add(1, 2) == 3\n\ndef test_bad():\n    assert add(1, 2) == 4\n"
    result = run(worker, code, tests=["test_ok", "test_bad"])
    assert verdicts(result) == {"test_ok": "pass", "test_bad": "fail"}


def test_runner_is_pid_1_and_unprivileged(sandbox, worker):
    # Its own host ids from synthcode-sandbox's subordinate range (65534 without one): see test_sandbox_isolation.
    uid, gid = (int(i) for i in worker.transport.container.attrs["Config"]["User"].split(":"))
    if sandbox.ids is None:
        assert (uid, gid) == (65534, 65534)
    else:
        assert 0 <= uid - sandbox.ids.ids.uid == gid - sandbox.ids.ids.gid < sandbox.ids.ids.count
    assert (worker.info["pid"], worker.info["uid"]) == (1, uid)
    result = run(worker, "import os\nprint(os.getppid(), os.getuid(), os.getgid())\ndef test_ok():\n    pass\n")
    assert result.output.split() == ["1", str(uid), str(gid)]


def host_addresses() -> set[str]:
    """The IPv4 address of every interface of the host (docker0's is what a bridged container reaches)."""
    found = {"127.0.0.1"}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
            except OSError:  # an interface without an IPv4 address
                continue
            found.add(socket.inet_ntoa(packed[20:24]))
    return found


def test_network_is_off(worker):
    with socket.socket() as listener:
        listener.bind(("0.0.0.0", 0))
        listener.listen()
        port = listener.getsockname()[1]
        hosts = host_addresses()
        for host in hosts:  # the listener is reachable from outside the sandbox
            socket.create_connection((host, port), timeout=2).close()
        code = (
            "import socket\n"
            f"for host in {sorted(hosts)!r}:\n"
            "    try:\n"
            f"        socket.create_connection((host, {port}), timeout=2).close()\n"
            "        print('connected', host)\n"
            "    except OSError as exc:\n"
            "        print('refused', host, type(exc).__name__)\n"
            "def test_ok():\n    pass\n"
        )
        result = run(worker, code)
    assert "connected" not in result.output
    assert result.output.count("refused") == len(hosts)


def test_tmp_is_wiped_between_samples(worker):
    write = "import os\nopen('/tmp/marker', 'w').write('x')\nos.mkdir('/tmp/d', 0)\ndef test_ok():\n    assert os.path.exists('/tmp/marker')\n"
    read = "import os\ndef test_ok():\n    assert os.listdir('/tmp') == ['sample.py'], os.listdir('/tmp')\n"
    assert verdicts(run(worker, write)) == {"test_ok": "pass"}
    assert verdicts(run(worker, read)) == {"test_ok": "pass"}


def test_one_container_serves_many_samples(sandbox, worker):
    before = worker_containers(sandbox)
    container_id = worker.transport.container.id
    assert container_id in before
    for i in range(50):
        assert verdicts(run(worker, f"def test_ok():\n    assert {i} + 1 == {i + 1}\n")) == {"test_ok": "pass"}
    assert worker_containers(sandbox) == before
    assert worker.alive() and worker.transport.container.id == container_id


def test_rate(worker, capsys):
    count = 200
    started = time.perf_counter()
    for i in range(count):
        run(worker, f"def test_ok():\n    assert sorted([{i}, 1, 0])[0] == 0\n")
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\ndocker worker: {count} samples in {seconds:.2f}s = {count / seconds:.0f} samples/s "
              f"({1000 * seconds / count:.1f} ms each)")


def test_backend_close_removes_its_containers():
    backend = DockerSandbox()
    started = backend.start_worker()
    container = started.transport.container
    backend.close()
    assert not started.alive()
    import docker.errors

    with pytest.raises(docker.errors.NotFound):
        container.reload()


def test_missing_image_names_the_build_script():
    with pytest.raises(SandboxError, match="build-image.sh"):
        DockerSandbox(image="synthcode-sandbox:no-such-tag").check()


def test_image_with_other_library_versions_is_stale():
    """The stages report the host's hypothesis/crosshair versions, so the image must carry the same ones."""
    import io

    client = DockerSandbox()._docker()
    tag = "synthcode-sandbox:test-stale-libraries"
    dockerfile = f"FROM {DockerSandbox().image}\nLABEL synthcode.libraries=\"hypothesis==0.0.1\"\n"
    client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=tag, rm=True)
    try:
        with pytest.raises(SandboxError, match=r"stale \(its hypothesis is 0\.0\.1, this machine's is"):
            DockerSandbox(image=tag).check()
    finally:
        client.images.remove(tag, force=True)
