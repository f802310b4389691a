"""A small French dataset with references, and runs to score and compare (real replays)."""

from __future__ import annotations

from workbench.config import parse_pipeline
from workbench.records import Document, Passage, Question
from workbench.replay import replay
from workbench.store import Store

FICHES = {
    "F1001": ("Carte d'identité : renouvellement", "Pour renouveler votre carte d'identité, faites une pré-demande en ligne puis prenez rendez-vous en mairie. La carte d'identité est gratuite, sauf en cas de perte."),
    "F1002": ("Aide personnalisée au logement (APL)", "L'aide personnalisée au logement se demande en ligne auprès de la CAF. Son montant dépend de vos ressources et de votre loyer."),
    "F1003": ("Demande de retraite", "La demande de retraite se fait en ligne, six mois avant la date de départ souhaitée, sur le site de l'Assurance retraite."),
    "F1004": ("Permis de conduire perdu", "Un permis de conduire perdu se déclare en ligne sur le site de l'ANTS, qui délivre un nouveau titre. Un timbre fiscal de 25 euros est demandé."),
}
TOPICS = ["renouveler ma carte d'identité", "demander l'APL", "demander ma retraite", "déclarer mon permis de conduire perdu"]
WRONG = "Madame, Monsieur, nous ne sommes pas en mesure de répondre à votre demande pour le moment. Cordialement."


def seed_scoring(store: Store, n_questions: int = 24, *, wrong_every: int = 1) -> None:
    """A corpus of four fiches and questions whose reference is the fiche's text.

    The recorded (human) answer is the reference wrapped in courtesy formulas, except every
    ``wrong_every``-th question (1: all of them) whose recorded answer is an unhelpful reply.
    """
    documents = [
        Document(
            external_id=fiche_id,
            title=title,
            text=text,
            url=f"https://www.service-public.fr/particuliers/vosdroits/{fiche_id}",
            passages=[Passage(0, text, "Démarche")],
        )
        for fiche_id, (title, text) in FICHES.items()
    ]
    store.import_corpus("kb", documents, chunk_size=200, chunk_overlap=40)
    ids = list(FICHES)
    questions = []
    for i in range(n_questions):
        fiche = ids[i % len(ids)]
        reference = FICHES[fiche][1]
        good = f"Madame, Monsieur,\n\n{reference}\n\nCordialement,\nLe service"
        questions.append(
            Question(
                external_id=f"Q{i:03d}",
                text=f"Bonjour, comment {TOPICS[i % len(TOPICS)]} ? (demande {i})",
                reference_answer=reference,
                reference_context_ids=[fiche],
                recorded_answer=WRONG if i % wrong_every == 0 else good,
            )
        )
    store.import_questions("ref", questions)


def pipeline(name: str, generation: str, *, k: int = 2, retrieval: str = "bm25") -> object:
    config: dict = {"name": name, "generation": {"kind": generation}}
    if retrieval != "none":
        config["retrieval"] = {"kind": retrieval, "corpus": "kb", "k": k}
    return parse_pipeline(config)


def replay_run(store: Store, name: str, generation: str, **options) -> str:
    return replay(store, pipeline(name, generation, **options), "ref").run_id
