"""Every metric on French examples with known values, checked against reference implementations
(rouge_score, sacrebleu, ragas) where one exists."""

from __future__ import annotations

import asyncio
import random
import unicodedata

import numpy as np
import pytest

from workbench.metrics import MetricError, Sample, all_metrics, check_requirements, default_metric_ids, resolve
from workbench.metrics.public_service import (
    courtesy,
    french_syllables,
    kandel_moles,
    length_score,
    pii_leaks,
    readability,
    sources_cited,
)
from workbench.metrics.registry import Input
from workbench.metrics.text_metrics import (
    FrenchTokenizer,
    _levenshtein_bitparallel,
    bleu,
    bleu_many,
    chrf,
    chrf_many,
    context_precision_by_id,
    context_precision_by_text,
    context_recall_by_id,
    context_recall_by_text,
    french_tokens,
    french_words,
    lcs_length,
    rouge_l,
    string_similarity,
)

PAIRS = [
    ("Pour renouveler votre carte d'identité, faites une pré-demande en ligne puis prenez rendez-vous en mairie.",
     "Faites une pré-demande en ligne, puis prenez rendez-vous à la mairie pour votre carte d’identité."),
    ("L'aide personnalisée au logement (APL) se demande en ligne auprès de la CAF, selon vos ressources.",
     "Madame, Monsieur, l’APL se demande auprès de la CAF. Cordialement."),
    ("Le service « Corriger ma carrière » permet de signaler une période manquante.",
     "Signalez la période manquante avec le service « Corriger ma carrière »."),
    ("Un timbre fiscal de 25 € est demandé ; le récépissé vaut permis pendant 2 mois.",
     "Il faut un timbre fiscal de 25 €."),
    ("Oui.", "Non, ce n'est pas possible."),
    ("Réponse où l'accent compte : où, là, à.", "Reponse ou l'accent compte : ou, la, a."),
    ("Déjà vu", ""),
]


# -- tokenisation and ROUGE-L ------------------------------------------------------------------------


def test_french_tokenisation_keeps_accents_and_drops_elisions_and_guillemets() -> None:
    assert french_words("L'attestation d’identité « sécurisée »") == ["attestation", "identité", "sécurisée"]
    assert french_words("jusqu'à lorsqu’il") == ["à", "il"]
    # Decomposed input (NFD) gives the same tokens as composed (NFC).
    assert french_words(unicodedata.normalize("NFD", "carte d'identité")) == ["carte", "identité"]
    assert french_tokens("cartes d'identité") == french_tokens("carte identité")  # stemmed
    # Decision (documented in text_metrics): accents are meaningful, a missing accent is a different word.
    assert french_tokens("identité") != french_tokens("identite")


def test_rouge_l_on_french_known_values() -> None:
    assert rouge_l(french_tokens("carte d'identité"), french_tokens("carte d'identité")) == 1.0
    assert rouge_l(french_tokens("carte d'identité"), french_tokens("Carte d’identité")) == 1.0
    # "identite" without its accent: 1 token of 2 matches -> P = R = 1/2.
    assert rouge_l(french_tokens("carte d'identité"), french_tokens("carte d'identite")) == pytest.approx(0.5)
    assert rouge_l(french_tokens("carte d'identité"), []) == 0.0
    # rouge_score's default tokenizer splits "identité" into "identit" + "é": not what we want.
    from rouge_score import rouge_scorer

    default = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    assert default._tokenizer.tokenize("identité") != ["identité"]


def test_rouge_l_equals_rouge_score_with_the_french_tokenizer() -> None:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], tokenizer=FrenchTokenizer())
    for reference, answer in PAIRS:
        expected = scorer.score(reference, answer)["rougeL"].fmeasure
        assert rouge_l(french_tokens(reference), french_tokens(answer)) == pytest.approx(expected, abs=1e-12)


def test_bit_parallel_lcs_equals_the_quadratic_table() -> None:
    from rouge_score.rouge_scorer import _lcs_table

    rng = random.Random(7)
    for _ in range(300):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 90))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 90))]
        expected = _lcs_table(a, b)[-1][-1] if a and b else 0
        assert lcs_length(a, b) == expected


# -- BLEU and chrF ------------------------------------------------------------------------------------


def test_bleu_equals_sacrebleu_on_french_words() -> None:
    from sacrebleu.metrics import BLEU

    reference_bleu = BLEU(tokenize="none", effective_order=True)
    refs = [french_words(r) for r, _ in PAIRS]
    hyps = [french_words(a) for _, a in PAIRS]
    batched = bleu_many(refs, hyps)
    for ref, hyp, value in zip(refs, hyps, batched):
        expected = reference_bleu.sentence_score(" ".join(hyp), [" ".join(ref)]).score / 100
        assert bleu(ref, hyp) == pytest.approx(expected, abs=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)
    assert bleu(french_words("carte d'identité gratuite"), french_words("carte d'identité gratuite")) == pytest.approx(1.0)


def test_chrf_equals_sacrebleu_and_ragas() -> None:
    from ragas.metrics.collections import CHRFScore
    from sacrebleu.metrics import CHRF

    reference_chrf = CHRF()
    ragas_chrf = CHRFScore()
    references = [r for r, _ in PAIRS] + ["x", "a b", "🙂 émoji ☃ rare", "carte " * 300]
    answers = [a for _, a in PAIRS] + ["x", "ab", "🙂 émoji", "carte " * 250 + "identité"]
    batched = chrf_many(references, answers)
    for reference, answer, value in zip(references, answers, batched):
        expected = reference_chrf.sentence_score(answer, [reference]).score / 100 if answer.strip() else 0.0
        assert chrf(reference, answer) == pytest.approx(expected, abs=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)
        assert value == pytest.approx(asyncio.run(ragas_chrf.ascore(reference=reference, response=answer)).value, abs=1e-12)
    assert chrf("carte d'identité", "carte d'identité") == pytest.approx(1.0)
    # Without its accent, chrF still gives most of the credit (characters, not words).
    assert 0.6 < chrf("carte d'identité", "carte d'identite") < 1.0


def test_batched_ngram_counts_on_many_random_pairs() -> None:
    rng = random.Random(3)
    alphabet = "abcdeéèàç '’«»"
    refs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(200)]
    hyps = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(200)]
    np.testing.assert_allclose(chrf_many(refs, hyps), [chrf(r, h) for r, h in zip(refs, hyps)], atol=1e-12)
    words_r = [r.split() for r in refs]
    words_h = [h.split() for h in hyps]
    np.testing.assert_allclose(bleu_many(words_r, words_h), [bleu(r, h) for r, h in zip(words_r, words_h)], atol=1e-12)
    assert chrf_many([""], [""]).tolist() == [0.0] and chrf_many([], []).tolist() == []
    assert bleu_many([[]], [["mot"]]).tolist() == [0.0]


# -- string similarity ------------------------------------------------------------------------------


def _levenshtein_table(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_string_similarity_is_normalised_levenshtein_on_nfc_text() -> None:
    rng = random.Random(11)
    for _ in range(300):
        a = "".join(rng.choice("aàeéio u") for _ in range(rng.randint(0, 80)))
        b = "".join(rng.choice("aàeéio u") for _ in range(rng.randint(0, 80)))
        assert _levenshtein_bitparallel(a, b) == _levenshtein_table(a, b)
    assert string_similarity("carte d'identité", "carte d'identité") == 1.0
    assert string_similarity("identité", "identite") == pytest.approx(1 - 1 / 8)
    assert string_similarity("identité", unicodedata.normalize("NFD", "identité")) == 1.0
    assert string_similarity("", "") == 1.0 and string_similarity("abc", "") == 0.0


def test_string_similarity_equals_ragas_when_rapidfuzz_is_installed() -> None:
    pytest.importorskip("rapidfuzz")
    from ragas.metrics.collections import NonLLMStringSimilarity

    metric = NonLLMStringSimilarity()
    for reference, answer in PAIRS:
        expected = asyncio.run(metric.ascore(reference=reference, response=answer)).value
        assert string_similarity(reference, answer) == pytest.approx(expected, abs=1e-12)


# -- retrieval against references --------------------------------------------------------------------


def _contexts(*document_ids: str) -> list[dict]:
    return [{"passage_id": f"{d}#{i}", "document_id": d, "text": f"texte {d}"} for i, d in enumerate(document_ids)]


def test_context_recall_and_precision_by_id_equal_ragas() -> None:
    from ragas.dataset_schema import SingleTurnSample
    from ragas.metrics import IDBasedContextPrecision, IDBasedContextRecall

    cases = [(["F1", "F2", "F3"], ["F2"]), (["F1", "F1", "F2"], ["F1", "F9"]), (["F4"], ["F1"]), (["F1", "F2"], ["F1", "F2"])]
    for retrieved, reference in cases:
        sample = SingleTurnSample(retrieved_context_ids=list(dict.fromkeys(retrieved)), reference_context_ids=reference)
        recall = asyncio.run(IDBasedContextRecall().single_turn_ascore(sample))
        precision = asyncio.run(IDBasedContextPrecision().single_turn_ascore(sample))
        assert context_recall_by_id(_contexts(*retrieved), reference).value == pytest.approx(recall)
        assert context_precision_by_id(_contexts(*retrieved), reference).value == pytest.approx(precision)
    result = context_recall_by_id(_contexts("F1", "F2"), ["F2", "F7"])
    assert result.value == 0.5 and "manquants : F7" in result.reason
    # A reference id may name a passage.
    assert context_recall_by_id(_contexts("F1", "F2"), ["F2#1"]).value == 1.0


def test_context_metrics_by_text_follow_ragas_semantics() -> None:
    reference = ["La carte d'identité est gratuite."]
    retrieved = ["La carte d'identité est gratuite.", "Le permis de conduire se demande à l'ANTS."]
    assert context_recall_by_text(retrieved, reference).value == 1.0
    assert context_recall_by_text(retrieved[1:], reference).value == 0.0
    # Average precision: relevant passage first -> 1; second -> 1/2.
    assert context_precision_by_text(retrieved, reference).value == pytest.approx(1.0)
    assert context_precision_by_text(retrieved[::-1], reference).value == pytest.approx(0.5)


# -- public-service metrics -------------------------------------------------------------------------


def test_courtesy_counts_greeting_vouvoiement_and_closing() -> None:
    good = "Madame, Monsieur,\n\nVous pouvez faire votre demande en ligne.\n\nVeuillez agréer nos salutations distinguées."
    assert courtesy(good).value == 1.0
    assert courtesy("Bonjour,\nVous pouvez faire la demande.\nBien cordialement,\nL'équipe France services").value == 1.0
    missing_closing = courtesy("Bonjour, vous pouvez faire la demande en ligne.")
    assert missing_closing.value == pytest.approx(2 / 3) and "formule de politesse" in missing_closing.reason
    rude = courtesy("Salut, tu peux faire ta demande en ligne, t'inquiète.")
    assert rude.value == 0.0
    assert "formule d'appel" in rude.reason and "« tu »" in rude.reason and "« ta »" in rude.reason


def test_readability_kandel_moles_on_a_known_text() -> None:
    assert [french_syllables(w) for w in ["carte", "identité", "pièces", "aujourd'hui", "qu'il", "administration"]] == [1, 4, 1, 3, 1, 5]
    text = "Prenez rendez-vous en mairie. La carte est gratuite."
    score, sentences, words, syllables = kandel_moles(text)
    # 2 sentences, 8 words (rendez-vous is one), 13 syllables:
    # pre-nez (2) ren-dez-vous (3) en (1) mai-rie (2) la (1) carte (1) est (1) gra-tuite (2)
    assert (sentences, words, syllables) == (2, 8, 13)
    assert score == pytest.approx(207 - 1.015 * 8 / 2 - 73.6 * 13 / 8)
    assert readability(text).value == pytest.approx(score)
    assert readability("").value is None
    long_words = readability("Administrativement, l'accompagnement intergénérationnel institutionnalisé.")
    assert long_words.value == 0.0  # clipped


def test_length_against_its_target() -> None:
    assert length_score("mot " * 150).value == 1.0
    assert length_score("mot " * 60).value == pytest.approx(0.5)
    assert length_score("mot " * 330).value == pytest.approx(0.5)
    assert length_score("").value == 0.0
    assert length_score("mot " * 60).reason == "60 mots (cible 120–220)"


def test_sources_cited_by_link_title_or_number() -> None:
    contexts = [{"document_id": "F1234", "title": "Carte d'identité : renouvellement", "url": "https://www.service-public.fr/particuliers/vosdroits/F1234"}]
    assert sources_cited("Voir service-public.fr/particuliers/vosdroits/F1234.", contexts).value == 1.0
    assert sources_cited("Consultez la fiche « Carte d’identité : renouvellement ».", contexts).value == 1.0
    assert sources_cited("Voir la fiche F1234.", contexts).value == 1.0
    missing = sources_cited("Rendez-vous en mairie.", contexts)
    assert missing.value == 0.0 and "aucune" in missing.reason


def test_pii_leak_ignores_placeholders_and_never_reveals_values() -> None:
    leak, clean, empty = pii_leaks(["Bonjour <NOM>, rappelez le 06 12 34 56 78.", "Bonjour <NOM>, <TEL>.", ""])
    assert leak.value == 1.0 and "TEL" in leak.reason and "06" not in leak.reason
    assert clean.value == 0.0 and empty.value == 0.0
    assert all_metrics()["pii_leak"].info.higher_is_better is False


def test_pii_leak_does_not_count_what_the_public_sources_say() -> None:
    answer = "Contactez la mairie, 3 place de la Mairie, 69001 Lyon, ou Mme Martine Dubois au 06 12 34 56 78."
    fiche = "L'accueil de la mairie, 3 place de la Mairie, 69001 Lyon, vous reçoit du lundi au vendredi."
    result, = pii_leaks([answer], [[fiche]])
    assert result.value == 1.0 and "ADRESSE" not in result.reason and "TEL" in result.reason and "NOM" in result.reason


# -- registry and requirements ---------------------------------------------------------------------


def test_registry_declares_every_metric_id_of_the_issue() -> None:
    assert list(all_metrics()) == [
        "context_recall", "context_precision", "rouge_l", "bleu", "chrf", "string_similarity",
        "faithfulness", "response_relevancy", "llm_context_precision", "llm_context_recall",
        "factual_correctness", "semantic_similarity",
        "sources_cited", "courtesy", "readability", "length", "pii_leak",
    ]
    assert default_metric_ids() == ["context_recall", "context_precision", "rouge_l", "bleu", "chrf", "string_similarity"]
    for metric in all_metrics().values():
        info = metric.info
        assert info.version and info.label and info.inputs and info.range[0] < info.range[1]
    assert [m.info.id for m in resolve(["public_service"])] == ["sources_cited", "courtesy", "readability", "length", "pii_leak"]
    with pytest.raises(MetricError, match="métrique inconnue : rouge.*rouge_l, bleu"):
        resolve(["rouge"])


def test_requirements_name_what_is_missing() -> None:
    samples = [
        Sample("Q1", "Question ?", "Réponse.", contexts=[{"document_id": "F1", "text": "t"}], reference_answer="Réf."),
        Sample("Q2", "Question ?", "Réponse.", contexts=[], reference_answer=None),
    ]
    checks = check_requirements(resolve(["rouge_l", "context_recall", "faithfulness"]), samples, judge=False, embeddings=True)
    assert checks["rouge_l"].ok and checks["rouge_l"].partial == {Input.REFERENCE_ANSWER: 1}
    assert not checks["context_recall"].ok and "reference_context_ids" in checks["context_recall"].message()
    assert checks["faithfulness"].missing == (Input.JUDGE,)
    assert "--judge-base-url" in checks["faithfulness"].message()


def test_one_embeddings_adapter_serves_sync_and_async_ragas_paths() -> None:
    from ragas.metrics.collections import SemanticSimilarity

    from workbench.embeddings import LocalEmbedder
    from workbench.metrics.ragas_metrics import ragas_embeddings

    adapter = ragas_embeddings(LocalEmbedder())
    sync = adapter.embed_text("Ma carte d'identité est périmée.")
    async_ = asyncio.run(adapter.aembed_text("Ma carte d'identité est périmée."))
    assert sync == async_ and len(sync) == 512
    batch = asyncio.run(adapter.aembed_texts(["carte d'identité", "permis de conduire"]))
    assert len(batch) == 2
    value = asyncio.run(
        SemanticSimilarity(embeddings=adapter).ascore(reference="carte d'identité", response="permis de conduire")
    ).value
    assert value == pytest.approx(float(np.dot(batch[0], batch[1])), abs=1e-5)
    assert asyncio.run(SemanticSimilarity(embeddings=adapter).ascore(reference="carte", response="carte")).value == pytest.approx(1.0, abs=1e-5)
