"""Lexical similarity between an answer and a reference, computed directly and fast.

The values follow established definitions, checked against the reference implementations in
tests/test_metrics.py, but are computed without their per-call overhead so that scoring 10,000
answers takes seconds:

* ``rouge_l``: ROUGE-L F1 exactly as ``rouge_score.RougeScorer(["rougeL"], tokenizer=FrenchTokenizer())``
  — the longest common subsequence is computed bit-parallel (Allison–Dix / Hyyrö) on Python
  integers instead of a quadratic table.
* ``bleu``: sentence BLEU exactly as ``sacrebleu.BLEU(tokenize="none", effective_order=True)``
  over our French tokens (smoothing "exp"), on a 0–1 scale.
* ``chrf``: chrF exactly as ``sacrebleu.CHRF()`` (character 6-grams, β = 2, whitespace ignored),
  on a 0–1 scale; this is what ragas's ``CHRFScore`` computes.
* ``string_similarity``: 1 − normalised Levenshtein distance on NFC-normalised text, as ragas's
  ``NonLLMStringSimilarity`` (rapidfuzz when installed, else a bit-parallel fallback that gives
  the same values, more slowly).

French tokenisation (``french_tokens``): Unicode NFC, lower case, elided articles and pronouns
removed (« l'attestation » → « attestation », straight or curly apostrophe), punctuation and
« guillemets » dropped, accents kept, then the Snowball French stemmer. Accents are meaningful
in French (ou/où, a/à, du/dû): « identité » and « identite » are different tokens, so a missing
accent costs a token in ROUGE-L and BLEU, and only a character in chrF and string similarity.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np

from workbench.metrics.registry import BatchMetric, Input, MetricInfo, MetricResult, Sample, register
from workbench.retrieval.text import french_stemmer, words



def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


@functools.lru_cache(maxsize=65536)
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(words(unicodedata.normalize("NFC", text)))


@functools.lru_cache(maxsize=65536)
def _tokens_cached(text: str) -> tuple[str, ...]:
    return tuple(french_stemmer().stemWords(list(_words_cached(text))))


def french_words(text: str | None) -> list[str]:
    """Lower-cased words, elisions removed, accents kept (no stemming)."""
    return list(_words_cached(text or ""))


def french_tokens(text: str | None) -> list[str]:
    """The tokens ROUGE-L compares: ``french_words`` stemmed by Snowball French."""
    return list(_tokens_cached(text or ""))


class FrenchTokenizer:
    """A tokenizer object for ``rouge_score.RougeScorer(tokenizer=...)``."""

    def tokenize(self, text: str) -> list[str]:
        return french_tokens(text)


# -- ROUGE-L -----------------------------------------------------------------------------------


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence, bit-parallel: O(len(b)) integer operations."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, token in enumerate(b):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full
    for token in a:
        m = masks.get(token)
        if m is None:
            continue
        u = v & m
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


def rouge_l(reference_tokens: Sequence[str], answer_tokens: Sequence[str]) -> float:
    """ROUGE-L F1 (rouge_score's ``_score_lcs`` fmeasure)."""
    if not reference_tokens or not answer_tokens:
        return 0.0
    lcs = lcs_length(reference_tokens, answer_tokens)
    precision = lcs / len(answer_tokens)
    recall = lcs / len(reference_tokens)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


# -- BLEU --------------------------------------------------------------------------------------

BLEU_ORDER = 4


def _ngram_counts(tokens: Sequence[str], n: int) -> Counter:
    if n == 1:
        return Counter(tokens)
    return Counter(zip(*(tokens[i:] for i in range(n))))


def bleu(reference_words: Sequence[str], answer_words: Sequence[str]) -> float:
    """Sentence BLEU with effective order and "exp" smoothing, as sacrebleu, on 0–1."""
    sys_len, ref_len = len(answer_words), len(reference_words)
    if sys_len == 0:
        return 0.0
    correct, total = [], []
    for n in range(1, BLEU_ORDER + 1):
        hyp = _ngram_counts(answer_words, n)
        ref = _ngram_counts(reference_words, n)
        total.append(max(0, sys_len - n + 1))
        correct.append(sum(min(c, ref[g]) for g, c in hyp.items() if g in ref))
    return _bleu_from_stats(correct, total, sys_len, ref_len)


def _bleu_from_stats(correct: list[int], total: list[int], sys_len: int, ref_len: int) -> float:
    # sacrebleu.metrics.bleu.BLEU.compute_bleu, smooth_method="exp", effective_order=True
    if sys_len < ref_len:
        bp = math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0
    else:
        bp = 1.0
    if correct[0] == 0:
        return 0.0
    effective_order = BLEU_ORDER
    smooth_mteval = 1.0
    log_sum = 0.0
    for n in range(BLEU_ORDER):
        if total[n] == 0:
            effective_order = n  # sacrebleu breaks at the first empty order
            break
        if correct[n] == 0:
            smooth_mteval *= 2
            precision = 100.0 / (smooth_mteval * total[n])
        else:
            precision = 100.0 * correct[n] / total[n]
        log_sum += math.log(precision)
    score = bp * math.exp(log_sum / effective_order)
    return score / 100.0


# -- chrF --------------------------------------------------------------------------------------

CHRF_ORDER = 6
CHRF_BETA = 2


def _char_ngram_counts(text: str) -> list[Counter]:
    compact = "".join(text.split())
    length = len(compact)
    return [Counter([compact[i : i + n] for i in range(length - n + 1)]) for n in range(1, CHRF_ORDER + 1)]


def chrf(reference: str, answer: str) -> float:
    """chrF (sacrebleu.CHRF defaults: char order 6, β = 2, no word n-grams) on 0–1."""
    reference, answer = nfc(reference), nfc(answer)
    if not reference.strip() or not answer.strip():
        return 0.0  # ragas's CHRFScore returns 0 for an empty side
    hyp_counts = _char_ngram_counts(answer)
    ref_counts = _char_ngram_counts(reference)
    factor = CHRF_BETA**2
    avg_prec = avg_rec = 0.0
    effective_order = 0
    for hyp, ref in zip(hyp_counts, ref_counts):
        if not hyp or not ref:
            continue
        if len(hyp) > len(ref):
            small, large = ref, hyp
        else:
            small, large = hyp, ref
        get = large.get
        match = 0
        for gram, count in small.items():
            other = get(gram)
            if other is not None:
                match += count if count < other else other
        n_hyp = hyp.total()
        n_ref = ref.total()
        avg_prec += match / n_hyp
        avg_rec += match / n_ref
        effective_order += 1
    if effective_order == 0:
        return 0.0
    avg_prec /= effective_order
    avg_rec /= effective_order
    if avg_prec + avg_rec == 0:
        return 0.0
    return (1 + factor) * avg_prec * avg_rec / (factor * avg_prec + avg_rec)


# -- string similarity -------------------------------------------------------------------------


def _levenshtein_bitparallel(a: str, b: str) -> int:
    """Levenshtein distance, Myers/Hyyrö bit-vector algorithm on Python integers."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, char in enumerate(b):
        peq[char] = peq.get(char, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for char in a:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


try:  # rapidfuzz is optional: same values, ~100× faster on long answers
    from rapidfuzz.distance import Levenshtein as _RapidLevenshtein
except ImportError:  # pragma: no cover - depends on the environment
    _RapidLevenshtein = None


def levenshtein_distance(a: str, b: str) -> int:
    if _RapidLevenshtein is not None:
        return int(_RapidLevenshtein.distance(a, b))
    return _levenshtein_bitparallel(a, b)


def string_similarity(reference: str, answer: str) -> float:
    """1 − Levenshtein distance / length of the longer text (NFC-normalised)."""
    reference, answer = nfc(reference), nfc(answer)
    longest = max(len(reference), len(answer))
    if longest == 0:
        return 1.0
    return 1.0 - levenshtein_distance(reference, answer) / longest


# -- batched computation -----------------------------------------------------------------------
#
# chrF dominates the cost of lexical metrics: a pure-Python count of character 1..6-grams takes
# about 1 ms a pair. The batched version encodes every text as an array of small integer codes,
# packs the 6 characters that start at each position into one integer, prefixed by the pair's
# number and followed by a bit that says whether it belongs to the answer or the reference, and
# sorts all of them once. In that order every n-gram (n <= 6) of a pair forms one contiguous run
# (it is the prefix of the 6-character window), so the clipped match counts of all orders are
# read with a few vector operations: sum over runs of min(answer count, reference count).


def _bits(n_symbols: int) -> int:
    return max(1, int(n_symbols).bit_length())


def _match_counts_block(codes: np.ndarray, seg_ids: np.ndarray, order: int, bits: int, n_pairs: int) -> np.ndarray:
    """Match counts per (pair, n) for one block; ``seg_ids`` = 2 * local pair + side."""
    matches = np.zeros((n_pairs, order), dtype=np.int64)
    length = len(codes)
    if length == 0:
        return matches
    padded = np.concatenate([codes.astype(np.uint64), np.zeros(order - 1, dtype=np.uint64)])
    window = np.zeros(length, dtype=np.uint64)
    for j in range(order):
        window |= padded[j : j + length] << np.uint64((order - 1 - j) * bits)
    real = codes != 0
    if not real.any():
        return matches
    window = window[real]
    seg = seg_ids[real].astype(np.uint64)
    key_shift = order * bits + 1
    keys = ((seg >> np.uint64(1)) << np.uint64(key_shift)) | (window << np.uint64(1)) | (seg & np.uint64(1))
    keys.sort()
    is_ref = (keys & np.uint64(1)).astype(bool)
    is_hyp = ~is_ref
    pair = (keys >> np.uint64(key_shift)).astype(np.int64)
    char_mask = np.uint64((1 << bits) - 1)
    for n in range(1, order + 1):
        prefix = keys >> np.uint64(1 + (order - n) * bits)
        valid = (prefix & char_mask) != 0  # the n-th symbol exists (0 pads past the end)
        starts = np.flatnonzero(np.concatenate(([True], prefix[1:] != prefix[:-1])))
        in_ref = np.add.reduceat(is_ref & valid, starts, dtype=np.int32)
        in_hyp = np.add.reduceat(is_hyp & valid, starts, dtype=np.int32)
        clipped = np.minimum(in_ref, in_hyp)
        matches[:, n - 1] = np.bincount(pair[starts], weights=clipped, minlength=n_pairs)[:n_pairs]
    return matches


def ngram_match_counts(
    answers: list[np.ndarray], references: list[np.ndarray], order: int, n_symbols: int | None = None
) -> np.ndarray:
    """Clipped n-gram matches, ``[pair, n - 1]``, of integer sequences (symbols 1..n_symbols)."""
    n_pairs = len(answers)
    result = np.zeros((n_pairs, order), dtype=np.int64)
    pad = np.zeros(order - 1, dtype=np.int64)
    start = 0
    block = 2048
    while start < n_pairs:
        stop = min(n_pairs, start + block)
        segments = []
        lengths = []
        for p in range(start, stop):
            for seq in (answers[p], references[p]):
                segments.append(seq)
                segments.append(pad)  # keeps windows from running into the next text
                lengths.append(len(seq) + order - 1)
        codes = np.concatenate(segments)
        bits = _bits(n_symbols) if n_symbols is not None else 0
        if n_symbols is None or 62 - order * bits < 1 or (stop - start) > (1 << (62 - order * bits)):
            # Renumber the block's symbols so that `order` of them fit in one integer next to
            # the pair number; a block whose vocabulary is still too large is split.
            symbols, local = np.unique(codes, return_inverse=True)
            codes = local.reshape(-1).astype(np.int64)  # 0 (the padding) stays 0
            bits = _bits(len(symbols))
            if 62 - order * bits < 1 or (stop - start) > (1 << (62 - order * bits)):
                if stop - start == 1:
                    raise ValueError("vocabulary too large for batched n-gram counting")
                block = max(1, (stop - start) // 2)
                continue
        seg_ids = np.repeat(np.arange(2 * (stop - start), dtype=np.int64), lengths)
        result[start:stop] = _match_counts_block(codes, seg_ids, order, bits, stop - start)
        start = stop
    return result


def _encode_chars(texts: list[str]) -> tuple[list[np.ndarray], int]:
    """Each text (whitespace removed) as an array of dense character codes >= 1."""
    compact = ["".join(text.replace("\x00", "").split()) for text in texts]
    points = np.frombuffer("".join(compact).encode("utf-32-le"), dtype=np.uint32)
    if len(points) == 0:
        return [np.zeros(0, dtype=np.int64) for _ in texts], 1
    present = np.bincount(points)
    table = np.zeros(len(present), dtype=np.int64)
    used = np.flatnonzero(present)
    table[used] = np.arange(1, len(used) + 1)
    dense = table[points]
    bounds = np.cumsum([len(c) for c in compact])[:-1]
    return np.split(dense, bounds), len(used)


def chrf_many(references: list[str], answers: list[str]) -> np.ndarray:
    """``chrf`` of many pairs at once (same values)."""
    references = [nfc(r) for r in references]
    answers = [nfc(a) for a in answers]
    codes, n_symbols = _encode_chars(answers + references)
    hyp, ref = codes[: len(answers)], codes[len(answers) :]
    matches = ngram_match_counts(hyp, ref, CHRF_ORDER, n_symbols).astype(np.float64)
    len_h = np.array([len(h) for h in hyp], dtype=np.float64)[:, None]
    len_r = np.array([len(r) for r in ref], dtype=np.float64)[:, None]
    orders = np.arange(1, CHRF_ORDER + 1, dtype=np.float64)[None, :]
    n_hyp = np.maximum(0.0, len_h - orders + 1)
    n_ref = np.maximum(0.0, len_r - orders + 1)
    usable = (n_hyp > 0) & (n_ref > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(usable, matches / np.where(n_hyp > 0, n_hyp, 1), 0.0)
        rec = np.where(usable, matches / np.where(n_ref > 0, n_ref, 1), 0.0)
        effective = usable.sum(axis=1)
        avg_prec = np.where(effective > 0, prec.sum(axis=1) / np.maximum(effective, 1), 0.0)
        avg_rec = np.where(effective > 0, rec.sum(axis=1) / np.maximum(effective, 1), 0.0)
        factor = CHRF_BETA**2
        denom = factor * avg_prec + avg_rec
        score = np.where(denom > 0, (1 + factor) * avg_prec * avg_rec / np.where(denom > 0, denom, 1), 0.0)
    return score


def bleu_many(reference_words: list[list[str]], answer_words: list[list[str]]) -> np.ndarray:
    """``bleu`` of many pairs at once (same values)."""
    every_token = itertools.chain.from_iterable(itertools.chain(answer_words, reference_words))
    vocabulary = {token: i for i, token in enumerate(dict.fromkeys(every_token), start=1)}
    lookup = vocabulary.__getitem__

    def encode(tokens: Sequence[str]) -> np.ndarray:
        return np.fromiter(map(lookup, tokens), dtype=np.int64, count=len(tokens))

    hyp = [encode(t) for t in answer_words]
    ref = [encode(t) for t in reference_words]
    matches = ngram_match_counts(hyp, ref, BLEU_ORDER)
    scores = np.zeros(len(hyp))
    for i, (h, r) in enumerate(zip(hyp, ref)):
        sys_len, ref_len = len(h), len(r)
        if sys_len == 0:
            continue
        total = [max(0, sys_len - n + 1) for n in range(1, BLEU_ORDER + 1)]
        scores[i] = _bleu_from_stats([int(m) for m in matches[i]], total, sys_len, ref_len)
    return scores


# -- retrieval against reference contexts ------------------------------------------------------


def _retrieved_documents(contexts: Sequence[dict]) -> list[tuple[str, set[str]]]:
    """Retrieved documents in rank order, each with the ids it answers to (document, passages)."""
    documents: dict[str, set[str]] = {}
    for context in contexts:
        document = str(context.get("document_id") or context.get("passage_id") or "")
        ids = documents.setdefault(document, {document})
        if context.get("passage_id"):
            ids.add(str(context["passage_id"]))
    return list(documents.items())


def context_recall_by_id(contexts: Sequence[dict], reference_ids: Sequence[str]) -> MetricResult:
    """Share of the reference ids retrieved (ragas ``IDBasedContextRecall`` over document ids;
    a reference id may also name a passage, ``F1234#2``)."""
    wanted = list(dict.fromkeys(str(r) for r in reference_ids))
    found_ids = set().union(*(ids for _, ids in _retrieved_documents(contexts))) if contexts else set()
    found = [r for r in wanted if r in found_ids]
    missing = [r for r in wanted if r not in found_ids]
    reason = f"trouvés : {', '.join(found) or 'aucun'}" + (f" ; manquants : {', '.join(missing)}" if missing else "")
    return MetricResult(len(found) / len(wanted), reason)


def context_precision_by_id(contexts: Sequence[dict], reference_ids: Sequence[str]) -> MetricResult:
    """Share of the retrieved documents that are reference ones (ragas ``IDBasedContextPrecision``)."""
    wanted = {str(r) for r in reference_ids}
    documents = _retrieved_documents(contexts)
    if not documents:
        return MetricResult(None, "aucun passage retrouvé")
    relevant = [d for d, ids in documents if ids & wanted]
    return MetricResult(len(relevant) / len(documents), f"{len(relevant)} document(s) pertinent(s) sur {len(documents)}")


TEXT_MATCH_THRESHOLD = 0.5  # ragas's NonLLMContextRecall / NonLLMContextPrecisionWithReference


def context_recall_by_text(context_texts: Sequence[str], reference_texts: Sequence[str]) -> MetricResult:
    """ragas ``NonLLMContextRecall``: share of reference contexts whose best string similarity
    to a retrieved passage exceeds 0.5."""
    hits = [
        max((string_similarity(ref, ctx) for ctx in context_texts), default=0.0) > TEXT_MATCH_THRESHOLD
        for ref in reference_texts
    ]
    return MetricResult(sum(hits) / len(hits), f"{sum(hits)} contexte(s) de référence retrouvé(s) sur {len(hits)} (comparaison de textes)")


def context_precision_by_text(context_texts: Sequence[str], reference_texts: Sequence[str]) -> MetricResult:
    """ragas ``NonLLMContextPrecisionWithReference``: average precision of the retrieved
    passages, a passage being relevant when similar (>= 0.5) to a reference context."""
    if not context_texts:
        return MetricResult(None, "aucun passage retrouvé")
    verdicts = [
        int(max((string_similarity(ctx, ref) for ref in reference_texts), default=0.0) >= TEXT_MATCH_THRESHOLD)
        for ctx in context_texts
    ]
    numerator = sum((sum(verdicts[: i + 1]) / (i + 1)) * verdicts[i] for i in range(len(verdicts)))
    value = numerator / (sum(verdicts) + 1e-10)
    return MetricResult(value, f"{sum(verdicts)} passage(s) pertinent(s) sur {len(verdicts)} (comparaison de textes)")


# -- the registered metrics --------------------------------------------------------------------

_RETRIEVAL_INPUTS = frozenset({Input.CONTEXTS, Input.REFERENCE_CONTEXT_IDS})
_REFERENCE_INPUTS = frozenset({Input.ANSWER, Input.REFERENCE_ANSWER})


class ContextRecall(BatchMetric):
    info = MetricInfo(
        id="context_recall",
        label="Rappel des contextes",
        inputs=_RETRIEVAL_INPUTS,
        version="1",
        description="Part des fiches de référence retrouvées (par identifiant ; par texte sinon).",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [
            context_recall_by_id(s.contexts, s.reference_context_ids)
            if s.reference_context_ids
            else context_recall_by_text(s.context_texts, s.reference_contexts)
            for s in samples
        ]


class ContextPrecision(BatchMetric):
    info = MetricInfo(
        id="context_precision",
        label="Précision des contextes",
        inputs=_RETRIEVAL_INPUTS,
        version="1",
        description="Part des fiches retrouvées qui sont des fiches de référence (par identifiant ; par texte sinon).",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [
            context_precision_by_id(s.contexts, s.reference_context_ids)
            if s.reference_context_ids
            else context_precision_by_text(s.context_texts, s.reference_contexts)
            for s in samples
        ]


class RougeL(BatchMetric):
    info = MetricInfo(
        id="rouge_l",
        label="ROUGE-L",
        inputs=_REFERENCE_INPUTS,
        version="1",
        description="ROUGE-L F1 contre la réponse de référence, tokenisation française (racinisation Snowball).",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [MetricResult(rouge_l(french_tokens(s.reference_answer), french_tokens(s.answer))) for s in samples]


class Bleu(BatchMetric):
    info = MetricInfo(
        id="bleu",
        label="BLEU",
        inputs=_REFERENCE_INPUTS,
        version="1",
        description="BLEU de phrase (sacrebleu, ordre effectif, lissage exp) sur les mots français, 0–1.",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        values = bleu_many([french_words(s.reference_answer) for s in samples], [french_words(s.answer) for s in samples])
        return [MetricResult(float(v)) for v in values]


class Chrf(BatchMetric):
    info = MetricInfo(
        id="chrf",
        label="chrF",
        inputs=_REFERENCE_INPUTS,
        version="1",
        description="chrF (sacrebleu : n-grammes de caractères 1–6, β = 2), 0–1.",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        values = chrf_many([s.reference_answer or "" for s in samples], [s.answer or "" for s in samples])
        return [MetricResult(float(v)) for v in values]


class StringSimilarity(BatchMetric):
    info = MetricInfo(
        id="string_similarity",
        label="Similarité de chaînes",
        inputs=_REFERENCE_INPUTS,
        version="1",
        description="1 − distance de Levenshtein normalisée (ragas NonLLMStringSimilarity), texte NFC.",
        default=True,
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [MetricResult(string_similarity(s.reference_answer or "", s.answer or "")) for s in samples]


for _metric in (ContextRecall(), ContextPrecision(), RougeL(), Bleu(), Chrf(), StringSimilarity()):
    register(_metric)
