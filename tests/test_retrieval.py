"""Retrievers on a small French corpus: BM25 (elisions, accents), dense, hybrid, caching."""

from __future__ import annotations

from pathlib import Path

import pytest

from openai_stub import OpenAIStub
from seeding import THEMES, seed
from workbench.config import RetrievalConfig
from workbench.errors import WorkbenchError
from workbench.retrieval import build_retriever
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
