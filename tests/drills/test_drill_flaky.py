"""Flaky-endpoint drill: 500s, 429s with Retry-After, hangs past the time-out, malformed JSON.

Every question ends answered or recorded as failed with its error; every endpoint call is
accounted for in the answers' attempt counts; a resume finishes the failed ones.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from openai_stub import Fault, OpenAIStub
from seeding import seed
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
N_QUESTIONS = 40
CONCURRENCY = 8

FAULTS = {
    "500": Fault(status=500),
    "503": Fault(status=503),
    "429 + Retry-After": Fault(status=429, retry_after=0.2),
    "hang past the time-out": Fault(hang_s=3.0),
    "malformed JSON": Fault(malformed=True),
}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_a_flaky_endpoint_loses_no_question_and_resume_finishes(store: Store, tmp_path: Path) -> None:
    seed(store, N_QUESTIONS)
    rng = random.Random(5)
    # Two requests in three fail, in a random mix of every kind: with two retries, some
    # questions still fail after three attempts, most get through.
    script = [rng.choice(list(FAULTS)) if rng.random() < 2 / 3 else None for _ in range(3 * N_QUESTIONS)]
    injected = Counter(kind for kind in script if kind)
    with OpenAIStub() as stub:
        stub.script(*[FAULTS[kind] if kind else Fault() for kind in script])
        toml = tmp_path / "flaky.toml"
        toml.write_text(
            f'name = "flaky"\n[retrieval]\nkind = "bm25"\ncorpus = "kb"\nk = 2\n'
            f'[generation]\nkind = "openai"\nbase_url = "{stub.base_url}"\ntimeout_s = 1\nmax_retries = 2\n',
            encoding="utf-8",
        )
        started = time.monotonic()
        first = _cli(store.path, "replay", "--pipeline", str(toml), "--dataset", "demo",
                     "--concurrency", str(CONCURRENCY), "--json")
        first_s = time.monotonic() - started
        assert first.returncode in (0, 1), first.stderr
        assert "Traceback" not in first.stderr
        result = json.loads(first.stdout)
        run_id = result["run_id"]
        answers = store.answers_frame(run_id)
        # Nothing dropped: every question has its row, answered or failed with a reason.
        assert len(answers) == N_QUESTIONS and answers["question_id"].is_unique
        failed = answers[answers["error"].notna()]
        assert result["answered"] + result["failed"] == N_QUESTIONS
        assert len(failed) == result["failed"] > 0 and result["answered"] > 0
        assert failed["error"].str.contains("HTTP 5|HTTP 429|délai dépassé|illisible").all()
        assert failed["attempts"].eq(3).all()  # 1 + max_retries, then recorded
        assert answers.loc[answers["error"].isna(), "answer"].str.len().gt(0).all()
        # Every endpoint call is accounted for in the attempt counts.
        assert stub.calls == answers["attempts"].sum()
        calls_first = stub.calls

        # The endpoint recovers: a resume retries only the failed questions.
        stub.state.faults.clear()
        resumed = _cli(store.path, "replay", "--resume", run_id, "--json")
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["answered"] == N_QUESTIONS
        assert stub.calls - calls_first == len(failed)

    final = store.answers_frame(run_id)
    assert len(final) == N_QUESTIONS and final["error"].isna().all()
    # Attempts accumulate over the resume: 3 failed ones + the successful one.
    assert set(final.loc[final["question_id"].isin(failed["question_id"]), "attempts"]) == {4}
    print(f"\nflaky drill: faults injected {dict(injected)} (of {len(script)} scripted responses); "
          f"first pass {result['answered']} answered / {result['failed']} failed in {first_s:.1f} s; "
          f"resume answered the {len(failed)} failed; data lost 0")
