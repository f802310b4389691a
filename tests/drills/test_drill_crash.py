"""Crash drill: kill -9 the replay process at random moments, resume each time.

Every question ends answered exactly once, no row is duplicated, and the endpoint sees no more
calls than questions plus what each kill had in flight.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from openai_stub import OpenAIStub
from seeding import seed
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
N_QUESTIONS = 80
CONCURRENCY = 6
KILLS = 5


def _cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _answers(store: Store, run_id: str):
    return store.answers_frame(run_id)


def test_five_kills_at_random_moments_then_resume_answer_each_question_once(store: Store, tmp_path: Path) -> None:
    seed(store, N_QUESTIONS)
    rng = random.Random(20261129)
    kills: list[dict] = []
    with OpenAIStub(latency_s=0.08) as stub:
        toml = tmp_path / "crash.toml"
        toml.write_text(
            f'name = "crash"\n[retrieval]\nkind = "bm25"\ncorpus = "kb"\nk = 2\n'
            f'[generation]\nkind = "openai"\nbase_url = "{stub.base_url}"\ntimeout_s = 5\n',
            encoding="utf-8",
        )
        run_id = None
        for kill in range(KILLS):
            if run_id is None:
                process = _cli(store.path, "replay", "--pipeline", str(toml), "--dataset", "demo",
                               "--concurrency", str(CONCURRENCY), "--json")
            else:
                process = _cli(store.path, "replay", "--resume", run_id, "--json")
            calls_at_start = stub.calls
            # A random moment: after a random number of new endpoint calls (0 means during the
            # preparation, before the first request) plus a random delay.
            # The first kill waits for traffic, so that the run exists to be resumed; the others
            # fall anywhere, from the start-up and preparation (0 calls) to a third of what is left.
            left = N_QUESTIONS - (len(_answers(store, run_id)) if run_id else 0)
            after_calls = rng.randint(1 if run_id is None else 0, max(1, left // 3))
            delay = rng.uniform(0.0, 1.5) if after_calls == 0 else rng.uniform(0.0, 0.25)
            _wait_for(lambda: stub.calls - calls_at_start >= after_calls or process.poll() is not None)
            time.sleep(delay)
            in_flight = stub.state.in_flight
            process.send_signal(signal.SIGKILL)
            process.wait(30)
            assert process.returncode == -signal.SIGKILL, "the replay ended before its kill: make it slower"
            if run_id is None:
                _wait_for(lambda: bool(store.runs_summary()))
                run_id = store.runs_summary()[0]["run_id"]
            stored = len(_answers(store, run_id))
            kills.append({"after_calls": after_calls, "delay_s": round(delay, 3), "in_flight": in_flight,
                          "calls": stub.calls, "stored": stored})
            # The database is whole after every kill: it opens, and the run shows as failed
            # (its process is gone), never as running forever.
            assert [r["status"] for r in store.runs_summary()] == ["failed"]

        final = _cli(store.path, "replay", "--resume", run_id, "--json")
        out, err = final.communicate(timeout=300)
        assert final.returncode == 0, err
        result = json.loads(out)
        total_calls = stub.calls

    assert (result["answered"], result["failed"], result["status"]) == (N_QUESTIONS, 0, "finished")
    answers = _answers(store, run_id)
    assert len(answers) == N_QUESTIONS and answers["question_id"].is_unique
    assert answers["error"].isna().all()
    # Progress was made between kills, and nothing stored was ever lost.
    stored = [k["stored"] for k in kills]
    assert stored == sorted(stored) and stored[-1] > 0
    # Calls beyond one per question are only what each kill interrupted: the requests in flight
    # plus the answers received but not yet written (the writer flushes as they arrive).
    wasted = total_calls - N_QUESTIONS
    assert 0 <= wasted <= KILLS * 2 * CONCURRENCY, (wasted, kills)
    print(f"\ncrash drill: {KILLS} kills {kills}; calls {total_calls} for {N_QUESTIONS} questions "
          f"(wasted {wasted}, in flight at the kills {sum(k['in_flight'] for k in kills)})")
