"""docs_src/mlops/model_ci.yml: a well-formed GitHub Actions workflow that does what the entry says."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / "docs_src" / "mlops" / "model_ci.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads a bare `on` key as the boolean True; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_top_level_keys_are_the_ones_github_knows():
    data = load()
    assert set(data) <= {"name", "on", "permissions", "env", "defaults", "concurrency", "jobs", "run-name"}
    assert {"on", "jobs"} <= set(data)


def test_runs_on_pull_requests_that_touch_code_configs_or_tests():
    paths = load()["on"]["pull_request"]["paths"]
    assert all(p.endswith("/**") for p in paths)
    assert {"src/**", "configs/**", "tests/**"} <= set(paths)


def test_every_step_either_uses_an_action_or_runs_a_command():
    for name, job in load()["jobs"].items():
        assert isinstance(job.get("runs-on"), str), name
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: a hung run must not burn six hours"
        for step in job["steps"]:
            assert len({"uses", "run"} & set(step)) == 1, step
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert action.count("/") == 1 and version, f"{step['uses']}: pin a version"


def test_checks_run_in_the_order_the_entry_describes():
    steps = load()["jobs"]["test"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0].startswith("pip install")
    assert runs[1].startswith("pytest")  # fast unit tests first
    assert "--max-steps" in runs[2]  # then a short smoke run of training
    assert 0 < int(runs[2].split("--max-steps")[1].split()[0]) <= 100
