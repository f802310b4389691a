"""Retrievers on a small French corpus: BM25 (elisions, accents), dense, hybrid, caching."""

from __future__ import annotations

import math
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openai_stub import OpenAIStub
from seeding import THEMES, seed
from workbench.config import RetrievalConfig
from workbench.errors import WorkbenchError
from workbench.records import Document, Passage
from workbench.retrieval import build_retriever
from workbench.retrieval.base import PassageTable
from workbench.retrieval.bm25 import BM25Retriever
from workbench.retrieval.text import stem_tokens
from workbench.store import Store


def test_french_tokens_handle_elisions_accents_and_stopwords() -> None:
    assert stem_tokens("l'attestation d'identité") == stem_tokens("attestation identite") == ["attest", "identit"]
    assert stem_tokens("Jusqu’à l’échéance") == stem_tokens("echeance")  # curly elisions, stop word "à"
    assert stem_tokens("Comment renouveler ma carte ?") == stem_tokens("renouveler carte")
    assert stem_tokens("allocations familiales") == stem_tokens("allocation familiale")


@pytest.mark.parametrize("kind", ["bm25", "dense", "hybrid"])
def test_each_retriever_finds_the_right_fiche(store: Store, kind: str) -> None:
    seed(store, 1)
    retriever = build_retriever(store, RetrievalConfig(kind=kind, corpus="kb", k=2))
    queries = {
        "Comment refaire ma carte d'identite ?": "F0",
        "Je voudrais l'aide au logement APL de la CAF": "F1",
        "Quand demander ma retraite ?": "F2",
        "J'ai perdu mon permis de conduire": "F3",
    }
    for query, expected in queries.items():
        hits = retriever.retrieve(query, 2)
        assert hits and hits[0].document_id == expected, (kind, query, hits)
        assert hits[0].url.endswith(expected) and hits[0].title.startswith("Fiche")
    batched = retriever.retrieve_many(list(queries), 1)
    assert [h[0].document_id for h in batched] == list(queries.values())


def test_bm25_index_is_built_once_and_cached_on_disk(store: Store) -> None:
    seed(store, 1)
    first = build_retriever(store, RetrievalConfig(kind="bm25", corpus="kb"))
    cache = Path(f"{store.path}.cache") / "bm25"
    folders = list(cache.iterdir())
    assert len(folders) == 1 and (folders[0] / "params.index.json").exists()
    second = build_retriever(store, RetrievalConfig(kind="bm25", corpus="kb"))
    assert second.key == first.key
    assert [h.passage_id for h in second.retrieve("retraite", 3)] == [h.passage_id for h in first.retrieve("retraite", 3)]
    # Another chunking is another index.
    build_retriever(store, RetrievalConfig(kind="bm25", corpus="kb", chunk_size=20, chunk_overlap=5))
    assert len(list(cache.iterdir())) == 2


def test_retrievers_stay_in_memory_until_the_corpus_has_a_new_version(store: Store) -> None:
    seed(store, 1)
    config = RetrievalConfig(kind="bm25", corpus="kb")
    first = build_retriever(store, config)
    assert build_retriever(store, config) is first  # nothing read again
    hybrid = build_retriever(store, RetrievalConfig(kind="hybrid", corpus="kb"))
    assert hybrid.lexical is first
    # A new version of the corpus: the next replay searches it.
    store.import_corpus("kb", [Document("F9", "Fiche nouvelle", "Le titre de séjour se renouvelle en préfecture.",
                                        passages=[Passage(0, "Le titre de séjour se renouvelle en préfecture.")])])
    newer = build_retriever(store, config)
    assert newer is not first and newer.passages.corpus_id != first.passages.corpus_id
    assert [h.document_id for h in newer.retrieve("titre de séjour", 3)] == ["F9"]
    # Another database file with the same corpus content has its own entry.
    other = Store(store.path.with_name("other.duckdb"))
    seed(other, 1)
    assert build_retriever(other, config) is not first


def test_the_memory_cache_size_is_a_setting(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store, 1)
    config = RetrievalConfig(kind="bm25", corpus="kb", chunk_size=30, chunk_overlap=5)
    monkeypatch.setenv("WORKBENCH_RETRIEVER_CACHE", "0")
    assert build_retriever(store, config) is not build_retriever(store, config)  # nothing kept
    monkeypatch.setenv("WORKBENCH_RETRIEVER_CACHE", "beaucoup")
    with pytest.raises(WorkbenchError, match="WORKBENCH_RETRIEVER_CACHE doit être un nombre entier"):
        build_retriever(store, config)


def test_rechunking_and_min_score(store: Store) -> None:
    seed(store, 1)
    retriever = build_retriever(store, RetrievalConfig(kind="bm25", corpus="kb", chunk_size=20, chunk_overlap=5))
    assert retriever.passages.chunking == "20-5"
    assert all(len(t.split()) <= 24 for t in retriever.passages.frame["text"])
    assert retriever.retrieve("zzz inconnu", 3) == []  # no shared term, no hit


def test_dense_through_an_openai_embeddings_endpoint(store: Store) -> None:
    seed(store, 1)
    with OpenAIStub() as stub:
        retriever = build_retriever(
            store,
            RetrievalConfig(kind="dense", corpus="kb", encoder="openai", embeddings_base_url=stub.base_url, embeddings_model="emb"),
        )
        hits = retriever.retrieve("carte", 4)
    assert len(hits) == 4 and retriever.key.startswith("dense:openai:emb@")


def test_missing_corpus_is_a_clear_error(store: Store) -> None:
    with pytest.raises(WorkbenchError, match="corpus « absent » introuvable"):
        build_retriever(store, RetrievalConfig(kind="bm25", corpus="absent"))
    with pytest.raises(WorkbenchError, match="demande un corpus"):
        build_retriever(store, RetrievalConfig(kind="bm25"))
    assert build_retriever(store, RetrievalConfig(kind="none")) is None


# -- BM25's fast top-k against a straightforward computation ---------------------------------------

_WORDS = (
    "carte identité passeport allocation logement retraite permis conduire impôt revenu naissance "
    "mariage séjour chômage handicap démarche délai dossier justificatif mairie préfecture caf "
    "renouvellement demande paiement"
).split()


def _tie_heavy_passages(n: int = 240, seed: int = 5) -> PassageTable:
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        if i % 7 == 3:
            texts.append(texts[rng.randrange(len(texts))])  # an exact duplicate: tied scores
        else:
            vocabulary = _WORDS[: rng.choice([6, 12, len(_WORDS)])]  # a few frequent words, or all
            texts.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 14))))
    texts[5] = "le la les de"  # stop words only: no token at all
    frame = pd.DataFrame({
        "id": [f"P{i}" for i in range(n)], "document_id": [f"D{i // 3}" for i in range(n)],
        "heading": [None] * n, "text": texts, "title": [None] * n, "url": [None] * n, "date": [None] * n,
    })
    return PassageTable("ties", "none", frame)


def _reference_scores(table: PassageTable, query: str) -> list[float]:
    """Lucene BM25 (k1 = 1.5, b = 0.75) from its definition, in float64, over the same tokens."""
    docs = [Counter(stem_tokens(f"{title or ''} {heading or ''} {text}"))
            for title, heading, text in zip(table.frame["title"], table.frame["heading"], table.frame["text"])]
    n = len(docs)
    avgdl = sum(sum(d.values()) for d in docs) / n
    df = Counter(t for d in docs for t in d)
    scores = [0.0] * n
    for term in stem_tokens(query):  # a repeated word counts each time
        if term not in df:
            continue
        idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
        for row, d in enumerate(docs):
            if d[term]:
                dl = sum(d.values())
                scores[row] += idf * d[term] / (d[term] + 1.5 * (1 - 0.75 + 0.75 * dl / avgdl))
    return scores


def test_bm25_top_k_is_exact_with_ties_broken_by_row() -> None:
    table = _tie_heavy_passages()
    retriever = BM25Retriever.build(table)
    rng = random.Random(9)
    queries = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 8))) for _ in range(150)]
    queries += ["carte carte carte", "dossier dossier délai", "l'allocation d'identité", "le la les", "", "zzz inconnu",
                "Démarche pour le renouvellement de ma carte d'identité à la mairie ?"]
    checked_ties = 0
    for k in (1, 3, 10, 400):
        batched = retriever.retrieve_many(queries, k)
        for query, hits in zip(queries, batched):
            # Exact: bm25s's own dense float32 scores, every passage sorted by (score desc, row asc).
            dense = retriever.scores(query)
            order = [int(row) for row in np.lexsort((np.arange(len(dense)), -dense)) if dense[row] > 0][:k]
            assert [h.passage_id for h in hits] == [f"P{row}" for row in order], (query, k)
            assert [h.score for h in hits] == [float(dense[row]) for row in order], (query, k)
            assert retriever.retrieve(query, k) == hits
            # The definition, in float64: same scores within float32 precision, and nothing left out
            # that would score higher.
            reference = _reference_scores(table, query) if k == 10 else None
            if reference is not None:
                for h in hits:
                    assert h.score == pytest.approx(reference[int(h.passage_id[1:])], rel=1e-6, abs=1e-6)
                if len(hits) == k:
                    returned = {h.passage_id for h in hits}
                    left_out = (s for row, s in enumerate(reference) if f"P{row}" not in returned)
                    assert max(left_out, default=0) <= hits[-1].score + 1e-5
                else:
                    assert len(hits) == sum(s > 0 for s in reference)
            checked_ties += sum(a.score == b.score for a, b in zip(hits, hits[1:]))
    assert checked_ties > 50  # the corpus does produce tied scores inside the top k
    # Both ways of answering (MaxScore pruning, dense pass), in one thread or several, give the same
    # arrays as the choice made for each query.
    vocab = retriever.model.vocab_dict
    ids = [[vocab[t] for t in stem_tokens(q) if t in vocab] for q in queries]
    for k in (1, 10, 400):
        auto_rows, auto_scores = retriever.impacts.top_k(ids, k)
        for strategy, threads in (("prune", 1), ("dense", 1), ("prune", 3), ("dense", 3), ("auto", 1)):
            rows, scores = retriever.impacts.top_k(ids, k, strategy, threads=threads)
            assert np.array_equal(rows, auto_rows) and np.array_equal(scores, auto_scores), (strategy, threads, k)
    assert retriever.retrieve("le la les", 5) == [] and retriever.retrieve("", 5) == []


def test_bm25_top_k_from_several_threads_at_once() -> None:
    retriever = BM25Retriever.build(_tie_heavy_passages())
    queries = [f"{a} {b} {c}" for a, b, c in zip(_WORDS, _WORDS[3:] + _WORDS[:3], _WORDS[7:] + _WORDS[:7])] * 20
    alone = retriever.retrieve_many(queries, 5)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda _: retriever.retrieve_many(queries, 5), range(8)))
    assert all(result == alone for result in together)
