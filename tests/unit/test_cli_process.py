"""The command line as a real process: exit codes, one line on stderr, no traceback.

Each test starts ``python -m procpolicy`` (about 0.3 s): for what only a
process shows — a closed pipe, a FIFO, ``/dev/zero``, a 50 MB file, the
interpreter's own handling of what ``main`` returns.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import procpolicy as pp
from procpolicy import cli
from procpolicy import serialization as S  # noqa: N812
from tests._lifecycle import cleaning_2015
from tests._ocds_schema import HOW_TO_GET, SCHEMA_DIR

TIMEOUT = 20
"""Seconds before a hung command fails its test (each takes well under 2)."""


def python(
    *argv: str, stdin: bytes = b"", stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """``python ARGV…`` with this interpreter, its output as bytes."""
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *argv],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )


def procpolicy(
    *argv: str, stdin: bytes = b"", stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """``python -m procpolicy ARGV…``."""
    return python("-m", "procpolicy", *argv, stdin=stdin, stdout=stdout)


def one_line(done: subprocess.CompletedProcess[bytes]) -> str:
    """The single line on stderr; fails on none, more, or a traceback."""
    err = done.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def project_text(count: int = 11) -> str:
    return S.dumps(pp.project.fold(cleaning_2015()[:count]))


class TestExitCodes:
    def test_a_clean_project_exits_0(self, tmp_path: Path) -> None:
        """0: every event passes; nothing on stderr."""
        path = tmp_path / "p.json"
        path.write_text(project_text(), encoding="utf-8")
        done = procpolicy("check", str(path))
        assert (done.returncode, done.stderr) == (cli.EXIT_OK, b"")

    def test_a_broken_rule_exits_1(self, tmp_path: Path) -> None:
        """1: the history breaks a rule (national law lists no street cleaning)."""
        path = tmp_path / "p.json"
        path.write_text(project_text(), encoding="utf-8")
        done = procpolicy("check", str(path), "--framework", "national")
        assert (done.returncode, done.stderr) == (cli.EXIT_BROKEN, b"")
        assert b"history[1] (Budgeted) is refused:" in done.stdout

    def test_deep_nesting_exits_2(self) -> None:
        """2: 100 000 nested lists on standard input, no RecursionError."""
        done = procpolicy("check", "-", stdin=b"[" * 100_000 + b"]" * 100_000)
        assert done.returncode == cli.EXIT_INVALID
        assert "nested far deeper than 32 levels" in one_line(done)

    def test_an_internal_error_exits_3(self) -> None:
        """3: a bug is one line suggesting --debug; --debug shows the traceback."""
        crash = (
            "import sys; from procpolicy import cli\n"
            "def crash(args): raise RuntimeError('a bug')\n"
            "cli._rules = crash\n"
            "sys.exit(cli.main(sys.argv[1:]))\n"
        )
        done = python("-c", crash, "rules")
        assert done.returncode == cli.EXIT_INTERNAL
        assert "run again with --debug" in one_line(done)
        done = python("-c", crash, "--debug", "rules")
        assert done.returncode == 1  # the interpreter's code for an exception
        assert b"Traceback" in done.stderr

    def test_a_usage_error_exits_2(self) -> None:
        """2: argparse's usage error, without a traceback."""
        done = procpolicy("simulate", "--years", "1800")
        assert done.returncode == cli.EXIT_INVALID
        assert b"Traceback" not in done.stderr
        assert b"usage: procpolicy simulate" in done.stderr

    def test_version_prints_and_exits_0(self) -> None:
        """--version prints ``procpolicy X.Y.Z`` on stdout."""
        done = procpolicy("--version")
        assert done.returncode == cli.EXIT_OK
        assert done.stdout.startswith(b"procpolicy ")


class TestHostileInput:
    def test_dev_zero_is_refused_in_bounded_time_and_memory(self) -> None:
        """An endless input is read up to the bound, then refused."""
        done = procpolicy("check", "/dev/zero")
        assert done.returncode == cli.EXIT_INVALID
        assert one_line(done) == (
            f"procpolicy check: /dev/zero: larger than {cli.DEFAULT_MAX_BYTES} bytes "
            "(--max-bytes); not read further"
        )

    def test_a_50_mb_file_is_refused(self, tmp_path: Path) -> None:
        """A sparse 50 MB file is refused for its size, unread past the bound."""
        path = tmp_path / "big.json"
        with path.open("wb") as file:
            file.truncate(50 * 2**20)
        done = procpolicy("check", str(path))
        assert done.returncode == cli.EXIT_INVALID
        assert "larger than 12800000 bytes" in one_line(done)

    def test_non_utf8_a_directory_and_a_bom(self, tmp_path: Path) -> None:
        """Latin-1 bytes and a directory exit 2; UTF-8 with a BOM exits 0."""
        latin = tmp_path / "latin.json"
        latin.write_bytes('{"title": "café"}'.encode("latin-1"))
        done = procpolicy("check", str(latin))
        assert done.returncode == cli.EXIT_INVALID
        assert "not UTF-8: byte 0xe9" in one_line(done)
        done = procpolicy("check", str(tmp_path))
        assert done.returncode == cli.EXIT_INVALID
        assert one_line(done).endswith(": Is a directory")
        done = procpolicy("check", "-", stdin=b"\xef\xbb\xbf" + project_text().encode())
        assert (done.returncode, done.stderr) == (cli.EXIT_OK, b"")

    def test_a_fifo_with_a_writer_is_read(self, tmp_path: Path) -> None:
        """A named pipe fed by another writer is read to its end and judged."""
        fifo = tmp_path / "project.fifo"
        os.mkfifo(fifo)

        def write() -> None:
            with fifo.open("w", encoding="utf-8") as pipe:
                pipe.write(project_text())

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        done = procpolicy("check", str(fifo), "--json")
        writer.join(TIMEOUT)
        assert (done.returncode, done.stderr) == (cli.EXIT_OK, b"")
        assert json.loads(done.stdout)["stage"] == "CLOSED"


class TestBrokenPipe:
    @pytest.mark.parametrize(
        "argv", [("rules",), ("simulate", "--years", "2014", "--csv")]
    )
    def test_a_closed_reader_ends_the_command_quietly(
        self, argv: tuple[str, ...]
    ) -> None:
        """``… | head``: the reader has gone; exit 141, nothing on stderr."""
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first write
        try:
            done = procpolicy(*argv, stdout=write)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (cli.EXIT_PIPE, b"")


class TestLazyImports:
    def test_help_imports_neither_the_simulator_nor_process_pools(self) -> None:
        """``procpolicy --help`` loads no simulator, loader, preset or OCDS code."""
        probe = (
            "import sys\n"
            "from procpolicy import cli\n"
            "try:\n"
            "    cli.main(['--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "heavy = ('procpolicy.simulation', 'procpolicy._simulation', "
            "'multiprocessing', 'concurrent.futures', 'procpolicy.ocds', "
            "'importlib.metadata', 'csv', 'procpolicy.serialization', 'cattrs', "
            "'procpolicy.presets', 'procpolicy.portfolio')\n"
            "print([m for m in heavy if m in sys.modules], file=sys.stderr)\n"
        )
        done = python("-c", probe)
        assert done.returncode == 0
        assert b"usage: procpolicy" in done.stdout
        assert done.stderr.strip() == b"[]"


class TestOcdskit:
    @pytest.mark.slow  # ocdskit's import alone takes about a second
    def test_ocdskit_compile_reads_our_release_package(self, tmp_path: Path) -> None:
        """``procpolicy ocds --package | ocdskit compile``: our compiled release."""
        if not (SCHEMA_DIR / "release-schema.json").is_file():
            pytest.skip(HOW_TO_GET)
        path = tmp_path / "p.json"
        path.write_text(project_text(), encoding="utf-8")
        package = procpolicy("ocds", str(path), "--package")
        assert package.returncode == cli.EXIT_OK
        schema = str(SCHEMA_DIR / "release-schema.json")
        compiled = python(
            "-m", "ocdskit", "compile", "--schema", schema, stdin=package.stdout
        )
        assert compiled.returncode == 0, compiled.stderr
        records = procpolicy("ocds", str(path), "--record")
        ours = json.loads(records.stdout)[0]["compiledRelease"]
        assert json.loads(compiled.stdout) == ours
