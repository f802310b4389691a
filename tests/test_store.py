from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from workbench.errors import StoreBusyError
from workbench.migrations import MIGRATIONS
from workbench.records import AgentFeedback, Document, Experience, Passage, Question, Reply
from workbench.store import Store


def _questions(n: int = 3, suffix: str = "") -> list[Question]:
    return [
        Question(
            external_id=f"Q{i}",
            text=f"Comment renouveler ma carte d'identité ? {i}{suffix}",
            theme="papiers d'identité",
            reference_context_ids=["F1", "F2"],
            metadata={"source": "test"},
        )
        for i in range(n)
    ]


def _documents() -> list[Document]:
    return [
        Document(
            external_id="F1",
            title="Carte d'identité",
            text="Texte complet",
            url="https://example.org/F1",
            date=date(2025, 1, 2),
            passages=[Passage(0, "premier passage", "Conditions"), Passage(1, "second passage")],
        )
    ]


def _experience(eid: str, replies: int = 1) -> Experience:
    return Experience(
        id=eid,
        description="Merci pour votre aide",
        published_at=datetime(2025, 3, 1, 10, 0),
        first_reply_at=datetime(2025, 3, 4, 9, 0),
        structures=["CAF"],
        tags={"reactivite": "positif"},
        metadata={"Colonne inconnue": "x"},
        replies=[Reply(position=i + 1, structure="CAF", text="Madame, Monsieur, ...", ai_similarity=80.0) for i in range(replies)],
    )


def test_migrations_apply_once_and_reopen_is_idempotent(db_path: Path) -> None:
    Store(db_path).overview()
    Store(db_path).overview()
    with duckdb.connect(str(db_path)) as con:
        applied = con.execute("SELECT id, name FROM _migrations ORDER BY id").fetchall()
    assert applied == [(i + 1, m.__name__) for i, m in enumerate(MIGRATIONS)]
    assert Store(db_path).schema_version() == len(MIGRATIONS)


def test_dataset_versions_follow_content(store: Store) -> None:
    first = store.import_questions("demo", _questions())
    again = store.import_questions("demo", _questions())
    changed = store.import_questions("demo", _questions(suffix=" bis"))
    assert (first.version, first.created) == (1, True)
    assert (again.id, again.version, again.created) == (first.id, 1, False)
    assert (changed.version, changed.created) == (2, True)
    assert store.dataset("demo")["id"] == changed.id
    assert store.dataset("demo@1")["id"] == first.id
    assert store.dataset(first.id)["version"] == 1  # by id: that version, not the latest
    assert store.dataset("nothing") is None and store.dataset("demo@9") is None
    stored = store.questions(first.id)
    assert [q.external_id for q in stored] == ["Q0", "Q1", "Q2"]
    assert stored[0].reference_context_ids == ["F1", "F2"]
    assert stored[0].metadata == {"source": "test"}
    assert store.overview()["questions"] == 3  # latest version only


def test_corpus_version_depends_on_chunking(store: Store) -> None:
    a = store.import_corpus("kb", _documents(), chunk_size=200, chunk_overlap=40)
    b = store.import_corpus("kb", _documents(), chunk_size=200, chunk_overlap=40)
    c = store.import_corpus("kb", _documents(), chunk_size=100, chunk_overlap=10)
    assert a.created and not b.created and c.created and c.version == 2
    passages = store.passages_frame(a.id)
    assert list(passages["id"]) == ["F1#0", "F1#1"]
    assert passages.loc[0, "title"] == "Carte d'identité"
    assert passages.loc[0, "heading"] == "Conditions"


def test_experiences_upsert_and_atomicity(store: Store) -> None:
    counts = store.import_experiences([_experience("E1", replies=2), _experience("E2")])
    assert counts == {"experiences": 2, "replies": 3, "replaced": 0}
    counts = store.import_experiences([_experience("E1")])
    assert counts["replaced"] == 1
    assert store.overview()["experiences"] == 2
    assert store.overview()["replies"] == 2
    # Two replies with the same position violate the primary key: nothing of the batch lands.
    broken = _experience("E3", replies=1)
    broken.replies.append(Reply(position=1, structure="CAF", text="doublon"))
    with pytest.raises(duckdb.ConstraintException):
        store.import_experiences([_experience("E1", replies=3), broken])
    assert store.overview()["experiences"] == 2
    assert store.overview()["replies"] == 2


def test_agent_feedback_reimport_adds_nothing(store: Store) -> None:
    rows = [
        AgentFeedback("agent-1", date(2025, 6, 1), "positif", "Gain de temps"),
        AgentFeedback("agent-1", date(2025, 6, 1), "positif", "Gain de temps"),
        AgentFeedback("agent-2", date(2025, 6, 2), "negatif", "Trop long"),
    ]
    assert store.import_agent_feedback(rows) == {"agent_feedback": 3, "new": 3}
    assert store.import_agent_feedback(rows) == {"agent_feedback": 3, "new": 0}
    assert len(store.agent_feedback_frame()) == 3


HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
    """
)


def _hold_lock(db_path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_waits_while_another_process_holds_the_file(db_path: Path) -> None:
    Store(db_path).overview()
    holder = _hold_lock(db_path, 1.5)
    started = time.monotonic()
    counts = Store(db_path, lock_timeout_s=30).overview()
    waited = time.monotonic() - started
    holder.wait(10)
    assert counts["questions"] == 0
    assert waited >= 0.5  # it really waited for the other process instead of failing


def test_busy_error_is_clear_after_the_timeout(db_path: Path) -> None:
    Store(db_path).overview()
    holder = _hold_lock(db_path, 5)
    try:
        with pytest.raises(StoreBusyError, match="occupée par un autre processus"):
            Store(db_path, lock_timeout_s=0.5).overview()
    finally:
        holder.kill()
        holder.wait(10)


def test_paired_scores_keep_the_questions_every_run_answered(store: Store) -> None:
    from workbench.results import paired_scores, score_matrix

    questions = [Question(f"Q{i}", f"Question {i}", theme=f"thème {i}") for i in range(4)]
    dataset = store.import_questions("ds", questions).id
    for run_id in ("run-a", "run-b"):
        store.create_run(run_id, pipeline_id="p-" + run_id, dataset_id=dataset, corpus_id=None, n_questions=4, params={})
    answer = {"contexts": [], "prompt_hash": "h", "cache_key": None, "retrieval_ms": 1.0, "first_token_ms": None,
              "total_ms": 1.0, "prompt_tokens": 1, "completion_tokens": 1, "attempts": 1, "cached": False}
    store.save_answers("run-a", [{**answer, "question_id": q.external_id, "text": "ok", "error": None} for q in questions])
    store.save_answers("run-b", [{**answer, "question_id": q.external_id, "text": None if q.external_id == "Q1" else "ok",
                                  "error": "HTTP 500" if q.external_id == "Q1" else None} for q in questions[:3]])
    for run_id, value in (("run-a", 0.5), ("run-b", 0.7)):
        store.save_scores(run_id, [{"question_id": q.external_id, "metric": "rouge_l", "judge": "", "version": "1",
                                    "value": value, "reason": None} for q in questions])
    scores = paired_scores(store, ["run-a", "run-b"])
    # Q1 failed in run-b, Q3 was not answered there: only Q0 and Q2 are paired, with their themes.
    assert sorted(set(scores["question_id"])) == ["Q0", "Q2"] and len(scores) == 4
    assert dict(zip(scores["question_id"], scores["theme"])) == {"Q0": "thème 0", "Q2": "thème 2"}
    wide = score_matrix(scores)
    assert list(wide.columns) == ["run_id", "question_id", "rouge_l"] and wide["rouge_l"].tolist() == [0.5, 0.5, 0.7, 0.7]
    assert paired_scores(store, ["run-a"])["question_id"].nunique() == 4
    # The runs' data version (pages keep what they compute under it) moves with every write of
    # their scores, even one that leaves their number as it was.
    before = store.runs_version(["run-a", "run-b"])
    assert before == store.runs_version(["run-a", "run-b"]) and len(before) == 4  # answers and scores of each
    store.save_scores("run-b", [{"question_id": "Q0", "metric": "rouge_l", "judge": "", "version": "1", "value": 0.9, "reason": None}])
    assert store.runs_version(["run-a", "run-b"]) != before
    assert store.runs_version(["run-a"]) == tuple(v for v in before if v[1] == "run-a")


def test_answers_upsert_and_fresh_inserts_refuse_a_second_answer(store: Store) -> None:
    dataset = store.import_questions("ds", [Question(f"Q{i}", f"Question {i}") for i in range(3)]).id
    store.create_run("run-a", pipeline_id="p", dataset_id=dataset, corpus_id=None, n_questions=3, params={})
    answer = {"contexts": [], "prompt_hash": "h", "cache_key": None, "retrieval_ms": 1.0, "first_token_ms": None,
              "total_ms": 1.0, "prompt_tokens": 1, "completion_tokens": 1, "attempts": 1, "cached": False}
    store.save_answers("run-a", [{**answer, "question_id": "Q0", "text": None, "error": "HTTP 500"}], fresh=True)
    store.save_answers("run-a", [{**answer, "question_id": q, "text": "ok", "error": None} for q in ("Q1", "Q2")], fresh=True)
    # A fresh insert of a question already answered fails whole, without touching what is there.
    with pytest.raises(duckdb.ConstraintException):
        store.save_answers("run-a", [{**answer, "question_id": q, "text": "bis", "error": None} for q in ("Q0", "Q9")], fresh=True)
    assert store.answered_question_ids("run-a") == {"Q1", "Q2"}
    # The upsert (resume) replaces the failed attempt (the runs' data version moves, though
    # the number of answers does not).
    before = store.runs_version(["run-a"])
    answered, status = store.finish_run("run-a", 3, error_for=lambda failed: None,
                                        last_answers=[{**answer, "question_id": "Q0", "text": "ok", "error": None, "attempts": 2}])
    assert (answered, status) == (3, "finished")
    assert store.attempts_so_far("run-a") == {"Q0": 2, "Q1": 1, "Q2": 1}
    assert store.runs_version(["run-a"]) != before and before[0][2] == 3
