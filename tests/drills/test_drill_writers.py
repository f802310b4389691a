"""Writers drill: the app open, a CLI replay running, 20 concurrent CLI raters and several app
sessions rating — no rating lost, no lock error shown to anyone."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring_seed import replay_run, seed_scoring
from workbench import ratings
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
CLI_RATERS = 20
APP_SESSIONS = 3
RATINGS_PER_SESSION = 3

REPLAY_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from scoring_seed import pipeline
from workbench.replay import replay
from workbench.store import Store
store = Store({db!r}, lock_timeout_s=120)
for k in (1, 2, 3, 4):
    replay(store, pipeline(f"pendant-{{k}}", "extractive", k=k), "ref", concurrency=4)
print("replayed")
"""

LOCK_WORDS = ("occupée", "lock", "verrou", "busy")


def _no_error(at: AppTest, who: str) -> None:
    assert not at.exception, f"{who}: {at.exception[0].stack_trace if at.exception else ''}"
    shown = " ".join(e.value for e in at.error) + " ".join(w.value for w in at.warning)
    assert not any(word in shown.lower() for word in LOCK_WORDS), f"{who} saw: {shown}"


def _session(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.selectbox(key="role").set_value("agent").run()
    at.switch_page("views/evaluer.py").run()
    at.text_input(key="rater_name").input(name).run()
    _no_error(at, name)
    return at


def _rate_next(at: AppTest, name: str, stars: float) -> tuple[str, str]:
    """Rate the answer on screen; returns the (question, answer) texts the agent read."""
    shown = (at.text[0].value, at.text[1].value)
    at.select_slider(key="rate_stars").set_value(stars)
    at.button[0].click()  # the form's submit button
    at.run()
    _no_error(at, name)
    assert any("Note enregistrée" in s.value for s in at.success), f"{name}: no confirmation"
    return shown


@pytest.mark.timeout(900)
def test_app_sessions_cli_raters_and_a_replay_write_together_and_lose_nothing(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(db_path, lock_timeout_s=60)
    seed_scoring(store, 8)
    run_x = replay_run(store, "extractif", "extractive")
    run_y = replay_run(store, "humain", "recorded", retrieval="none")
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("WORKBENCH_PIPELINES_DIR", str(tmp_path / "pipelines"))
    monkeypatch.chdir(ROOT)

    started = time.monotonic()
    replay_proc = subprocess.Popen(
        [sys.executable, "-c", REPLAY_SCRIPT.format(tests=str(ROOT / "tests"), db=str(db_path))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    cli_raters = []
    for i in range(CLI_RATERS):
        run_id = run_x if i % 2 == 0 else run_y
        question = f"Q{i % 8:03d}"
        stars = (i % 11) / 2
        cli_raters.append((
            f"agent-cli-{i:02d}", run_id, question, stars,
            subprocess.Popen(
                [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "rate", run_id, question,
                 "--rater", f"agent-cli-{i:02d}", "--stars", str(stars), "--positive", "clair", "--json"],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ),
        ))

    # Meanwhile several app sessions rate through the Évaluer page, in turns, and an observer
    # session keeps reading the Résultats page.
    sessions = {f"agent-app-{s}": _session(f"agent-app-{s}") for s in range(APP_SESSIONS)}
    observer = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app_ratings: list[tuple[str, float]] = []
    read: dict[tuple[str, float], tuple[str, str]] = {}
    for turn in range(RATINGS_PER_SESSION):
        for name, at in sessions.items():
            stars = float(1 + (turn + len(app_ratings)) % 5)
            read[(name, stars)] = _rate_next(at, name, stars)
            app_ratings.append((name, stars))
        observer.switch_page("views/resultats.py").run()
        _no_error(observer, "observer")
    while any(proc.poll() is None for *_, proc in cli_raters):
        observer.switch_page("views/accueil.py").run()
        _no_error(observer, "observer")

    for name, _, _, _, proc in cli_raters:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{name}: {err}"
        assert not any(word in err.lower() for word in LOCK_WORDS), f"{name}: {err}"
        assert json.loads(out)["rating"]["rater"] == name
    out, err = replay_proc.communicate(timeout=600)
    assert replay_proc.returncode == 0, err
    wall = time.monotonic() - started

    run_ids = [r["run_id"] for r in store.runs_summary()]
    stored = [r for run_id in run_ids for r in ratings.ratings(store, run_id)]
    cli_stored = {(r["rater"], r["run_id"], r["question_id"], r["stars"]) for r in stored if r["rater"].startswith("agent-cli")}
    assert cli_stored == {(name, run_id, q, s) for name, run_id, q, s, _ in cli_raters}
    app_stored = sorted((r["rater"], r["stars"]) for r in stored if r["rater"].startswith("agent-app"))
    assert app_stored == sorted(app_ratings)
    # Each app rating landed on the answer the agent read, although runs finishing meanwhile
    # reshuffled the blind queues; and each session rated distinct answers.
    texts = {
        (run_id, row.question_id): (row.question, row.answer)
        for run_id in run_ids for row in store.answers_frame(run_id).itertuples()
    }
    for r in stored:
        if r["rater"].startswith("agent-app"):
            assert texts[(r["run_id"], r["question_id"])] == read[(r["rater"], r["stars"])], r
    for name in sessions:
        keys = [(r["run_id"], r["question_id"]) for r in stored if r["rater"] == name]
        assert len(keys) == len(set(keys)) == RATINGS_PER_SESSION
    assert len([r for r in store.runs_summary() if r["status"] == "finished"]) == 6
    print(f"\nwriters drill: {CLI_RATERS} CLI raters + {APP_SESSIONS} app sessions × {RATINGS_PER_SESSION} ratings "
          f"+ a replay of 4 runs + an observer, {wall:.0f} s: {len(stored)} ratings stored of "
          f"{CLI_RATERS + len(app_ratings)}, lock errors 0")
