"""Metrics of a good reply from a French public service, computed without a model.

* ``sources_cited`` (0/1): the answer links a retrieved fiche (its URL) or names it (its title,
  or its id such as F1234).
* ``courtesy`` (0–1): the share of three conventions met — a formule d'appel at the start
  (« Madame, Monsieur », « Bonjour »...), a formule de politesse at the end (« Cordialement »,
  « Veuillez agréer... »), and vouvoiement (no « tu / toi / ton / ta / tes / t' »). The reason
  lists what is missing.
* ``readability``: Kandel & Moles (1958), the French adaptation of Flesch's reading ease:
  207 − 1.015 × words per sentence − 73.6 × syllables per word, clipped to 0–100 (higher is
  easier; 60–70 reads as « standard »). Syllables are counted by a French rule: groups of
  vowels (y included, œ/æ too), less a silent final « e » / « es » in words of several groups.
* ``length`` (0–1): 1 within the target (120–220 words by default), falling linearly to 0 at
  no words below it and at twice the upper bound above it.
* ``pii_leak`` (0/1, lower is better): 1 when the pseudonymiser finds personal data in the
  answer (names, phones, emails, NIR, IBAN, addresses, file numbers) that is not in the
  answer's retrieved public sources. Placeholders such as <NOM> are not data. The reason gives
  the kinds found, never the values.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from workbench.metrics.registry import BatchMetric, Input, MetricInfo, MetricResult, Sample, register
from workbench.retrieval.text import strip_accents


def _plain(text: str) -> str:
    """Lower case, no accents, curly apostrophes straightened, spaces collapsed."""
    text = strip_accents(unicodedata.normalize("NFC", text or "")).lower()
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# -- sources cited -----------------------------------------------------------------------------

_FICHE_ID = re.compile(r"^[FNR]\d{3,}$")


def _url_forms(url: str) -> list[str]:
    url = url.strip().rstrip("/")
    bare = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    short = re.sub(r"^www\.", "", bare, flags=re.IGNORECASE)
    return [form.lower() for form in {url, bare, short} if form]


def sources_cited(answer: str, contexts: Sequence[dict]) -> MetricResult:
    plain = _plain(answer)
    lowered = (answer or "").lower()
    cited = []
    seen = set()
    for context in contexts:
        document = str(context.get("document_id") or "")
        if document in seen:
            continue
        seen.add(document)
        title = _plain(str(context.get("title") or ""))
        url = str(context.get("url") or "")
        how = None
        if url and any(form in lowered for form in _url_forms(url)):
            how = "lien"
        elif len(title) >= 8 and title in plain:
            how = "titre"
        elif _FICHE_ID.match(document) and re.search(rf"\b{re.escape(document.lower())}\b", lowered):
            how = "numéro"
        if how:
            cited.append(f"{document} ({how})")
    if cited:
        return MetricResult(1.0, "fiche(s) citée(s) : " + ", ".join(cited))
    return MetricResult(0.0, "aucune des fiches retrouvées n'est citée (ni lien, ni titre)")


# -- courtesy ----------------------------------------------------------------------------------

_GREETING = re.compile(
    r"^(madame|monsieur|mesdames|messieurs|bonjour|bonsoir|cher|chere|chers|cheres)\b", re.IGNORECASE
)
_CLOSING = re.compile(
    r"(cordialement|salutations|veuillez agreer|je vous prie d'agreer|nous vous prions d'agreer|"
    r"recevez|bien a vous|respectueusement|bonne journee|bonne soiree|sentiments distingues|"
    r"restons a votre (entiere )?disposition|reste a votre (entiere )?disposition)"
)
_TUTOIEMENT = re.compile(r"(?<![\w-])(tu|toi|ton|ta|tes|te|t')(?![\w-])|(?<![\w-])t'(?=\w)", re.IGNORECASE)


def courtesy(answer: str) -> MetricResult:
    text = _plain(answer)
    lines = [line.strip() for line in (answer or "").strip().splitlines() if line.strip()]
    first = _plain(lines[0]) if lines else ""
    tail = _plain(" ".join(lines[-4:])) if lines else ""
    missing = []
    if not _GREETING.match(first):
        missing.append("formule d'appel (« Madame, Monsieur, », « Bonjour, »)")
    if not _CLOSING.search(tail):
        missing.append("formule de politesse (« Cordialement », « Veuillez agréer... »)")
    tutoiement = sorted({m.group(0).lower() for m in _TUTOIEMENT.finditer(text)})
    if tutoiement:
        missing.append("vouvoiement (tutoiement : " + ", ".join(f"« {t} »" for t in tutoiement) + ")")
    value = (3 - len(missing)) / 3
    return MetricResult(value, "manque : " + " ; ".join(missing) if missing else "formule d'appel, vouvoiement et formule de politesse")


# -- readability -------------------------------------------------------------------------------

_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
_VOWEL_GROUP = re.compile(f"[{_VOWELS}]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_MUTE_U = re.compile(r"(q)u|(g)u(?=[eéèêi])")
_SILENT_E = re.compile(f"[^{_VOWELS}]es?$")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|[\n\r]+")


def french_syllables(word: str) -> int:
    """Syllables of a written French word (spoken count, a rule of thumb)."""
    word = unicodedata.normalize("NFC", word.lower())
    if not word:
        return 0
    if word[0].isdigit():
        return 1
    total = 0
    for part in re.split(r"['’-]", word):
        part = _MUTE_U.sub(lambda m: m.group(1) or m.group(2), part)  # « qu », « gu » before e/i: the u is not a vowel
        if not part:
            continue
        count = len(_VOWEL_GROUP.findall(part))
        if count > 1 and _SILENT_E.search(part):
            count -= 1  # silent final e: « carte », « pièces »
        total += count  # an elided « d' », « l' », « qu' » adds none
    return max(1, total)


def kandel_moles(text: str) -> tuple[float, int, int, int]:
    """(score, sentences, words, syllables) of a French text."""
    text = unicodedata.normalize("NFC", text or "")
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    tokens = _WORD.findall(text)
    if not tokens:
        return 0.0, 0, 0, 0
    syllables = sum(french_syllables(t) for t in tokens)
    n_sentences = max(1, len(sentences))
    score = 207 - 1.015 * (len(tokens) / n_sentences) - 73.6 * (syllables / len(tokens))
    return score, n_sentences, len(tokens), syllables


def readability(answer: str) -> MetricResult:
    score, sentences, words, syllables = kandel_moles(answer)
    if words == 0:
        return MetricResult(None, "réponse vide")
    return MetricResult(
        min(100.0, max(0.0, score)),
        f"Kandel–Moles {score:.1f} : {sentences} phrase(s), {words / sentences:.1f} mots par phrase,"
        f" {syllables / words:.2f} syllabes par mot",
    )


# -- length ------------------------------------------------------------------------------------

LENGTH_TARGET = (120, 220)


def length_score(answer: str, target: tuple[int, int] = LENGTH_TARGET) -> MetricResult:
    low, high = target
    words = len(_WORD.findall(unicodedata.normalize("NFC", answer or "")))
    if words < low:
        value = words / low
    elif words <= high:
        value = 1.0
    else:
        value = max(0.0, 1.0 - (words - high) / high)
    return MetricResult(value, f"{words} mots (cible {low}–{high})")


# -- personal data -----------------------------------------------------------------------------




def pii_leaks(answers: Sequence[str], sources: Sequence[Sequence[str]] | None = None) -> list[MetricResult]:
    """Personal data the pseudonymiser finds in each answer.

    An entity whose text appears in the answer's retrieved sources is not a leak: public fiches
    name institutions, places and people in their public role.
    """
    from workbench.privacy import default_pseudonymizer

    pseudonymizer = default_pseudonymizer()
    results = []
    for i, answer in enumerate(answers):
        public = " ".join(sources[i]) if sources else ""
        kinds = Counter(
            e.label for e in pseudonymizer.find(answer or "") if not (public and e.text in public)
        )
        if kinds:
            found = ", ".join(f"{kind} ×{n}" for kind, n in sorted(kinds.items()))
            results.append(MetricResult(1.0, f"données personnelles : {found}"))
        else:
            results.append(MetricResult(0.0, "aucune donnée personnelle"))
    return results


# -- the registered metrics --------------------------------------------------------------------

_ANSWER = frozenset({Input.ANSWER})


class SourcesCited(BatchMetric):
    info = MetricInfo(
        id="sources_cited", label="Sources citées", inputs=frozenset({Input.ANSWER, Input.CONTEXTS}),
        version="1", group="public_service",
        description="1 si la réponse cite (lien, titre ou numéro) une fiche retrouvée.",
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [sources_cited(s.answer, s.contexts) for s in samples]


class Courtesy(BatchMetric):
    info = MetricInfo(
        id="courtesy", label="Courtoisie", inputs=_ANSWER, version="1", group="public_service",
        description="Formule d'appel, vouvoiement, formule de politesse (part des trois).",
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [courtesy(s.answer) for s in samples]


class Readability(BatchMetric):
    info = MetricInfo(
        id="readability", label="Lisibilité (Kandel–Moles)", inputs=_ANSWER, range=(0.0, 100.0),
        version="1", group="public_service",
        description="Indice de Kandel et Moles (Flesch adapté au français), 0–100, plus haut = plus facile.",
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [readability(s.answer) for s in samples]


class Length(BatchMetric):
    info = MetricInfo(
        id="length", label="Longueur", inputs=_ANSWER, version="1", group="public_service",
        description=f"1 entre {LENGTH_TARGET[0]} et {LENGTH_TARGET[1]} mots, décroît linéairement au-delà.",
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return [length_score(s.answer) for s in samples]


class PiiLeak(BatchMetric):
    info = MetricInfo(
        id="pii_leak", label="Fuite de données personnelles", inputs=_ANSWER, higher_is_better=False,
        version="2", group="public_service",
        description="1 si la réponse contient des données personnelles absentes des sources publiques"
        " (hors <NOM>, <TEL>...) ; plus bas = mieux.",
    )

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        return pii_leaks([s.answer for s in samples], [s.context_texts for s in samples])


for _metric in (SourcesCited(), Courtesy(), Readability(), Length(), PiiLeak()):
    register(_metric)
