"""French tokenisation for lexical retrieval and metrics: elisions, stemming, accents."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

# l'attestation, d'identité, qu'il, jusqu'à, lorsqu'on... with straight or curly apostrophes.
_ELISION = re.compile(r"\b(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’](?=\w)", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)

FRENCH_STOPWORDS = frozenset(
    """
    a à au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs
    lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur
    ta te tes toi ton tu un une vos votre vous y est sont été être ai as avons avez ont suis es sommes êtes
    fait faire peut peux pouvez dois doit comment quel quelle quels quelles est-ce si plus ou donc car
    bonjour merci madame monsieur
    """.split()
)

_local = threading.local()


def french_stemmer() -> Stemmer.Stemmer:
    """The Snowball French stemmer of this thread (PyStemmer objects are not thread-safe)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("french")
    return stemmer


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased words with elisions removed (accents kept)."""
    return _WORD.findall(_ELISION.sub("", text.lower()))



def stem_tokens(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Stemmed, accent-free tokens: "d'identité" and "identite" give the same token."""
    tokens = [w for w in words(text) if not (drop_stopwords and w in FRENCH_STOPWORDS)]
    # Accents are stripped before stemming: citizens often type without them.
    return french_stemmer().stemWords([strip_accents(t) for t in tokens])
