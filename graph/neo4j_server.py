"""The project's own Neo4j Community server, assembled from Maven Central and run locally.

    fetch_runtime()  mvn copy-dependencies of org.neo4j:neo4j:<NEO4J_VERSION> into a cache (once)
    LocalNeo4j.start()   render <home>/conf/neo4j.conf, launch CommunityEntryPoint, wait for Bolt,
                         set the neo4j user's password on first start
    LocalNeo4j.stop()    SIGTERM (Neo4j's clean shutdown hook), wait, SIGKILL only after a timeout
    LocalNeo4j.status()  running or not, from the pid file (checked against /proc)

Nothing comes from neo4j.com or Docker Hub: only Java 17 and Maven are needed. The password is
taken from the caller (default: FAZHI_NEO4J_PASSWORD) and never printed, logged or kept in a repr.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from fazhi.errors import Neo4jError

NEO4J_VERSION = "5.26.30"
"""Pinned: the newest 5.26.x (LTS, runs on Java 17) on Maven Central when this was written."""

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
DEFAULT_PORT = 7687
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "fazhi-local-neo4j"
"""Used for the local dev/CI server when FAZHI_NEO4J_PASSWORD is unset. Documented in docs/neo4j.md."""
_FACTORY_PASSWORD = "neo4j"
_REPO = Path(__file__).resolve().parents[1]


def default_password() -> str:
    return os.environ.get("FAZHI_NEO4J_PASSWORD") or DEFAULT_PASSWORD


def default_home() -> Path:
    """Where the local server keeps conf, data, logs and its pid file."""
    env = os.environ.get("FAZHI_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    if (_REPO / "pyproject.toml").is_file():  # a source checkout: keep it beside the code, git-ignored
        return _REPO / ".neo4j"
    return Path.home() / ".cache" / "fazhi" / "neo4j-data"


def default_cache(version: str = NEO4J_VERSION) -> Path:
    """Where the Neo4j jars are cached, shared by every home: ~/.cache/fazhi/neo4j/<version>/lib."""
    base = os.environ.get("FAZHI_NEO4J_CACHE")
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "fazhi" / "neo4j"
    return root / version / "lib"


def _package_file(name: str) -> str:
    return resources.files("graph").joinpath("neo4j", name).read_text(encoding="utf-8")


def fetch_runtime(version: str = NEO4J_VERSION, lib_dir: Path | None = None) -> Path:
    """Download Neo4j Community `version` and its dependencies from Maven Central, once.

    Returns the directory of jars. The jars land in a temporary sibling first and are renamed into
    place, so an interrupted download never leaves a half-filled cache that looks complete.
    """
    lib = lib_dir or default_cache(version)
    if (lib / f"neo4j-{version}.jar").is_file():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jError("neo4j fetch: `mvn` is not on PATH; install Maven 3.8+ (and Java 17)")
    lib.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fetch-", dir=lib.parent))
    try:
        pom = work / "pom.xml"
        pom.write_text(_package_file("pom.xml").replace("@NEO4J_VERSION@", version), encoding="utf-8")
        out = work / "lib"
        cmd = [mvn, "-B", "-q", "-f", str(pom), f"{DEPENDENCY_PLUGIN}:copy-dependencies",
               f"-DoutputDirectory={out}", "-DincludeScope=runtime"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not (out / f"neo4j-{version}.jar").is_file():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise Neo4jError(f"neo4j fetch: mvn could not resolve org.neo4j:neo4j:{version} "
                             f"from Maven Central (exit {proc.returncode}):\n{tail}")
        if lib.exists():  # a concurrent fetch won
            return lib
        out.rename(lib)
        return lib
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path


@dataclass(frozen=True)
class LocalNeo4j:
    """One local server instance: its home directory and ports. Several can run side by side."""

    home: Path = field(default_factory=default_home)
    port: int = DEFAULT_PORT
    http_port: int | None = None  # None = HTTP (Browser) off
    heap: str = "1g"
    pagecache: str = "512m"
    version: str = NEO4J_VERSION
    lib_dir: Path | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log_files(self) -> tuple[Path, Path]:
        return self.home / "logs" / "console.log", self.home / "logs" / "neo4j.log"

    # -- status -------------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The pid of this home's running server, or None (stale pid files are ignored)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        home_arg = f"--home-dir={self.home}".encode()
        if ENTRY_POINT.encode() in cmdline and home_arg in cmdline:
            if _is_zombie(pid):
                return None
            return pid
        return None

    def status(self) -> ServerStatus:
        pid = self.pid()
        return ServerStatus(running=pid is not None, pid=pid, uri=self.uri, home=self.home)

    # -- start --------------------------------------------------------------------------------

    def _render_conf(self) -> Path:
        conf_dir = self.home / "conf"
        for sub in ("conf", "data", "logs", "plugins", "import", "run"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        text = string.Template(_package_file("neo4j.conf")).substitute(
            bolt_port=self.port,
            http_enabled="true" if self.http_port else "false",
            http_port=self.http_port or 7474,
            heap=self.heap,
            pagecache=self.pagecache,
            tx_memory="512m",
            data_dir=self.home / "data",
            logs_dir=self.home / "logs",
            plugins_dir=self.home / "plugins",
            import_dir=self.home / "import",
        )
        (conf_dir / "neo4j.conf").write_text(text, encoding="utf-8")
        return conf_dir

    def java_command(self, lib: Path) -> list[str]:
        """The java command line: the conf's heap and server.jvm.additional flags, then the entry point."""
        conf = (self.home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
        settings = [ln.split("=", 1) for ln in conf.splitlines() if "=" in ln and not ln.startswith("#")]
        extra = [v.strip() for k, v in settings if k.strip() == "server.jvm.additional"]
        values = {k.strip(): v.strip() for k, v in settings}
        java = shutil.which("java", path=os.path.join(os.environ.get("JAVA_HOME", ""), "bin")) or shutil.which("java")
        if java is None:
            raise Neo4jError("neo4j start: `java` (17) is not on PATH and JAVA_HOME is not set")
        return [
            java,
            f"-Xms{values['server.memory.heap.initial_size']}",
            f"-Xmx{values['server.memory.heap.max_size']}",
            *extra,
            "-cp", f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
        ]

    def start(self, password: str | None = None, user: str = DEFAULT_USER, timeout: float = 120.0) -> bool:
        """Start the server and return once Bolt answers with `password` set. False if already running."""
        if self.pid() is not None:
            return False
        if _port_in_use(self.port):
            raise Neo4jError(f"neo4j start: 127.0.0.1:{self.port} is already in use by another process; "
                             f"choose another port with --port")
        password = password or default_password()
        if len(password) < 8:
            raise Neo4jError("neo4j start: the password must have at least 8 characters (Neo4j's minimum)")
        lib = fetch_runtime(self.version, self.lib_dir)
        self._render_conf()
        console = self.log_files[0]
        with open(console, "ab") as out:
            proc = subprocess.Popen(self.java_command(lib), stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, cwd=self.home, start_new_session=True)
        self.pid_file.write_text(f"{proc.pid}\n")
        try:
            self._wait_for_bolt(proc, timeout)
            self._ensure_password(user, password)
        except BaseException:
            self.stop(timeout=30)
            raise
        return True

    def _wait_for_bolt(self, proc: subprocess.Popen, timeout: float) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise Neo4jError(f"neo4j start: the server exited with code {proc.returncode} "
                                 f"before Bolt answered.\n{self.log_tail()}")
            if _port_in_use(self.port):
                try:
                    with GraphDatabase.driver(self.uri, auth=("fazhi-probe", "fazhi-probe-x")) as drv:
                        drv.verify_connectivity()
                    return
                except AuthError:
                    return  # Bolt answers (and refuses a bad login): the server is up
                except (ServiceUnavailable, OSError):
                    pass
            time.sleep(0.5)
        raise Neo4jError(f"neo4j start: Bolt did not answer on {self.uri} within {timeout:.0f}s.\n"
                         f"{self.log_tail()}")

    def _ensure_password(self, user: str, password: str) -> None:
        """Log in with `password`; on a fresh data dir, change the factory password to it first."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ClientError

        def works(pw: str) -> bool:
            try:
                with GraphDatabase.driver(self.uri, auth=(user, pw)) as drv:
                    drv.execute_query("SHOW CURRENT USER", database_="system")
                return True
            except AuthError:
                return False
            except ClientError as err:
                if "CredentialsExpired" in (err.code or "") or "credentials" in str(err).lower():
                    return False
                raise

        if works(password):
            return
        try:
            with GraphDatabase.driver(self.uri, auth=(user, _FACTORY_PASSWORD)) as drv:
                with drv.session(database="system") as session:
                    session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                                old=_FACTORY_PASSWORD, new=password).consume()
        except (AuthError, ClientError):
            raise Neo4jError(
                f"neo4j start: the data in {self.home / 'data'} was initialised with a different "
                f"password for user {user!r}; set FAZHI_NEO4J_PASSWORD to it, or delete {self.home} "
                f"to start empty") from None
        if not works(password):
            raise Neo4jError(f"neo4j start: could not set the password of user {user!r}")

    # -- stop ---------------------------------------------------------------------------------

    def stop(self, timeout: float = 60.0) -> bool:
        """SIGTERM the server (clean shutdown), wait; SIGKILL after `timeout`. False if not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            _reap(pid)
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                _reap(pid)
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL, no clean shutdown: only for crash tests."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                _reap(pid)
                time.sleep(0.05)

    def log_tail(self, lines: int = 25) -> str:
        out = []
        for path in self.log_files:
            if path.is_file():
                tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
                out.append(f"--- tail of {path} ---\n" + "\n".join(tail))
        return "\n".join(out) or f"(no log in {self.home / 'logs'})"


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not _is_zombie(pid)


def _reap(pid: int) -> None:
    """Collect our own child's exit status so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
