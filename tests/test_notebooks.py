"""The notebooks run top to bottom (nbclient, the venv's python3 kernel) on the replayed and
scored demo database, with agents' ratings added, and show what they promise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from workbench import kpi, ratings
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def rated_demo(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    store = Store(db, lock_timeout_s=20)
    baseline, candidate, _ = ratings.comparable_pairs(store.runs_summary())[0]
    for run_id in (baseline, candidate):
        questions = store.answers_frame(run_id)["question_id"].tolist()[:12]
        for i, question in enumerate(questions):
            for rater, shift in (("agent-1", 0.0), ("agent-2", 0.5)):
                ratings.rate(store, run_id, question, rater=rater, stars=min(5.0, (i % 5) + shift), pseudonymise=False)
    monkeypatch.setenv("WORKBENCH_DB", str(db))
    monkeypatch.delenv("WORKBENCH_RUNS", raising=False)
    return db, baseline, candidate


def execute(name: str) -> nbformat.NotebookNode:
    assert "python3" in KernelSpecManager().find_kernel_specs(), "the venv's python3 kernel is missing (ipykernel)"
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:  # kept with outputs cleared
        assert cell.cell_type != "code" or (not cell.outputs and cell.execution_count is None), name
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_kpi_report_notebook(rated_demo) -> None:
    db, _, _ = rated_demo
    notebook = execute("kpi_report.ipynb")
    experiences = kpi.headline(Store(db), kpi.KpiScope())["experiences"]
    assert experiences > 0
    figures = [o for o in outputs(notebook) if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 1
    spec = figures[0]["data"]["application/vnd.plotly.v1+json"]
    assert spec["data"] and spec["data"][0]["x"]  # monthly points
    text = " ".join(o.get("data", {}).get("text/plain", "") for o in outputs(notebook))
    assert "'experiences':" in text and "agent_positive_share" in text and "délai moyen (jours)" in text
    assert f"'experiences': {experiences}," in text  # the file named by WORKBENCH_DB was read


def test_compare_runs_notebook(rated_demo) -> None:
    _, baseline, candidate = rated_demo
    notebook = execute("compare_runs.ipynb")
    text = " ".join(
        o.get("data", {}).get("text/plain", "") + "".join(o.get("text", "")) for o in outputs(notebook)
    )
    assert baseline in text and candidate in text
    assert "questions communes" in text and "ci_low" in text and "p_holm" in text
    assert "alpha de Krippendorff" in text
    assert "rho" in text and "rouge_l" in text  # judge–human agreement per metric
