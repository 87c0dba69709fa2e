"""Compile and run the C and C++ samples under docs_src/ for the solution tests.

Every sample is built with warnings as errors (C11 or C++17). When a tiny probe shows
that AddressSanitizer + UndefinedBehaviorSanitizer work on this machine, the sample is
built and run with them too, so a leak, a double free or undefined behaviour fails the
test. A missing compiler FAILS the test: the README's test command installs gcc and g++.
CUDA samples (.cu) are compiled with nvcc, warnings as errors, without running them:
nvcc needs no GPU, and a missing nvcc fails the test the same way.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WARNINGS = ("-Wall", "-Wextra", "-Werror")
ASAN_UBSAN = ("-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all")
TSAN = ("-fsanitize=thread",)
SANITIZER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:exitcode=23",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
    "TSAN_OPTIONS": "halt_on_error=1:exitcode=66",
}

_PROBE_C = '#include <stdio.h>\n#include <stdlib.h>\nint main(void){int *p = malloc(sizeof *p); *p = 7; printf("%d\\n", *p); free(p); return 0;}\n'
_PROBE_CPP = (
    "#include <iostream>\n#include <memory>\n#include <thread>\n"
    "int main(){auto p = std::make_unique<int>(7); std::thread t([&]{ *p += 1; }); t.join();"
    " std::cout << *p << '\\n'; return 0;}\n"
)


@dataclass(frozen=True)
class Toolchain:
    compiler: str
    std: str
    suffix: str
    libs: tuple[str, ...]


C = Toolchain("gcc", "-std=c11", ".c", ("-lm",))
CPP = Toolchain("g++", "-std=c++17", ".cpp", ("-pthread",))


def toolchain_for(source: Path) -> Toolchain:
    if source.suffix == ".c":
        return C
    if source.suffix in {".cpp", ".cc"}:
        return CPP
    raise ValueError(f"not a C or C++ file: {source}")


def require(tool: Toolchain) -> str:
    """Path of the compiler, or fail the test (never skip) when it is missing."""
    path = shutil.which(tool.compiler)
    if path is None:
        pytest.fail(f"{tool.compiler} not found: install gcc and g++ (see the README's test command)")
    return path


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SANITIZER_ENV)
    if extra:
        env.update(extra)
    return env


@functools.cache
def sanitizers_work(tool: Toolchain, flags: tuple[str, ...]) -> bool:
    """True when a probe compiled with `flags` builds and runs cleanly here."""
    if shutil.which(tool.compiler) is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"probe{tool.suffix}"
        exe = Path(tmp) / "probe"
        src.write_text(_PROBE_C if tool is C else _PROBE_CPP)
        build = subprocess.run(
            [tool.compiler, tool.std, *WARNINGS, *flags, str(src), "-o", str(exe), *tool.libs],
            capture_output=True,
            text=True,
            check=False,
        )
        if build.returncode != 0:
            return False
        try:
            run = subprocess.run([str(exe)], capture_output=True, text=True, env=_env(), timeout=30, check=False)
        except subprocess.TimeoutExpired:
            return False
        return run.returncode == 0 and run.stdout.strip() in {"7", "8"}


def build(source: str | Path, out_dir: Path, *, sanitize: Sequence[str] = ASAN_UBSAN, name: str | None = None) -> Path:
    """Compile one docs_src file into out_dir and return the executable's path.

    `sanitize` is tried only when the probe shows it works on this machine.
    """
    src = Path(source)
    if not src.is_absolute():
        src = ROOT / src
    assert src.is_file(), f"missing source file {src}"
    tool = toolchain_for(src)
    compiler = require(tool)
    flags = tuple(sanitize) if sanitize and sanitizers_work(tool, tuple(sanitize)) else ()
    exe = out_dir / (name or src.stem)
    cmd = [compiler, tool.std, *WARNINGS, "-g", "-O1", *flags, str(src), "-o", str(exe), *tool.libs]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"compile failed: {' '.join(cmd)}\n{result.stderr}"
    return exe


def run(exe: Path, *, stdin: str = "", timeout: float = 60) -> str:
    """Run an executable built by build(); fail on a non-zero exit or sanitizer report."""
    result = subprocess.run(
        [str(exe)],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{exe.name} exited {result.returncode}\nstderr:\n{result.stderr}"
    assert "Sanitizer" not in result.stderr and "runtime error" not in result.stderr, result.stderr
    return result.stdout


def build_and_run(source: str | Path, out_dir: Path, *, stdin: str = "", sanitize: Sequence[str] = ASAN_UBSAN) -> str:
    return run(build(source, out_dir, sanitize=sanitize), stdin=stdin)


# ---- CUDA: compile-only checks (no GPU needed) --------------------------------------

NVCC_FLAGS = ("-std=c++17", "-O2", "-Werror", "all-warnings", "-Xcompiler", ",".join(WARNINGS))


def require_nvcc() -> str:
    """Path of nvcc, or FAIL the test (never skip) with what to install."""
    path = shutil.which("nvcc") or next(
        (p for p in ("/usr/local/cuda/bin/nvcc", "/usr/local/bin/nvcc") if Path(p).is_file()), None
    )
    if path is None:
        pytest.fail(
            "nvcc not found: install the CUDA toolkit (the guide's .cu samples are checked with "
            "nvcc 13.0; no GPU is needed to compile them) and put nvcc on PATH"
        )
    return path


def nvcc(source: str | Path, out: Path, *mode: str) -> Path:
    """Run nvcc with warnings as errors; `mode` picks the output (-c, -ptx, or nothing to link)."""
    src = Path(source)
    if not src.is_absolute():
        src = ROOT / src
    assert src.is_file(), f"missing source file {src}"
    cmd = [require_nvcc(), *NVCC_FLAGS, *mode, str(src), "-o", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, f"nvcc failed: {' '.join(cmd)}\n{result.stderr}"
    assert out.is_file()
    return out
