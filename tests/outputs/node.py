"""Run a page script's pure core under node: the same file the browser loads."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def run_js(script_file: Path, body: str, payload, timeout: int = 120):
    """Run `body` (a JS function of (core, input)) against `script_file`'s module.exports."""
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: install Node.js (the Makefile's `npm ci` needs it too)")
    script = (
        f"const core = require({json.dumps(str(script_file))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"process.stdout.write(JSON.stringify(({body})(core, input)));"
    )
    result = subprocess.run(
        [node, "-e", script], input=json.dumps(payload), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
