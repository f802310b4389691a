"""The `workbench` command line. The app's pages call the same functions.

With ``--json`` a command prints exactly one JSON object on stdout; every other message goes to
stderr. Errors the user can fix are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from workbench import config
from workbench.errors import WorkbenchError
from workbench.store import Store

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    help="workbench — banc d'évaluation des réponses d'IA générative des services publics.",
    no_args_is_help=True,
    add_completion=False,
    # Never print local variables: they may hold citizens' texts.
    pretty_exceptions_show_locals=False,
)
import_app = typer.Typer(help="Importer des données (questions, corpus, expériences, retours agents).", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _echo_err(message: str) -> None:
    typer.echo(message, err=True)


def user_errors(command: F) -> F:
    """Turn WorkbenchError into one line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            _echo_err(f"Erreur : {error}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _store(ctx: typer.Context) -> Store:
    return Store(ctx.obj["db"])


def _print_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, default=str))


def _configure_logging() -> None:
    """``WORKBENCH_LOG_LEVEL`` (DEBUG, INFO, WARNING…) turns logging on, to stderr or to the file
    ``WORKBENCH_LOG_FILE``. Our modules never log citizen texts nor personal data."""
    level = os.environ.get("WORKBENCH_LOG_LEVEL", "").strip().upper()
    if not level:
        return
    if not isinstance(logging.getLevelName(level), int):
        _echo_err(f"Erreur : WORKBENCH_LOG_LEVEL « {level} » inconnu (DEBUG, INFO, WARNING, ERROR)")
        raise typer.Exit(2)
    logging.basicConfig(
        level=level,
        filename=os.environ.get("WORKBENCH_LOG_FILE") or None,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        encoding="utf-8",
    )


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Fichier DuckDB (défaut : $WORKBENCH_DB, sinon ./workbench.duckdb)."),
    ] = None,
) -> None:
    _configure_logging()
    ctx.obj = {"db": config.db_path(db)}


JsonOption = Annotated[bool, typer.Option("--json", help="Imprimer un objet JSON sur stdout.")]
NoPseudoOption = Annotated[
    bool,
    typer.Option(
        "--no-pseudonymise",
        help="Ne pas pseudonymiser les textes (déconseillé : les données personnelles seraient stockées).",
    ),
]


@import_app.command("experiences")
@user_errors
def import_experiences_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Export Services Publics+ (CSV ou JSON).")],
    as_json: JsonOption = False,
    no_pseudonymise: NoPseudoOption = False,
) -> None:
    """Importer un export d'expériences Services Publics+."""
    from workbench.importing import import_experiences

    result = import_experiences(_store(ctx), file, pseudonymise=not no_pseudonymise)
    if as_json:
        _print_json(result)
    else:
        typer.echo(
            f"{result['experiences']} expériences et {result['replies']} réponses importées"
            f" ({result['replaced']} remplacées)."
        )


@import_app.command("agent-feedback")
@user_errors
def import_agent_feedback_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV agent,date,sentiment,comment.")],
    as_json: JsonOption = False,
    no_pseudonymise: NoPseudoOption = False,
) -> None:
    """Importer les retours des agents sur les brouillons d'IA."""
    from workbench.importing import import_agent_feedback

    result = import_agent_feedback(_store(ctx), file, pseudonymise=not no_pseudonymise)
    if as_json:
        _print_json(result)
    else:
        typer.echo(f"{result['agent_feedback']} retours lus, {result['new']} nouveaux.")


@import_app.command("questions")
@user_errors
def import_questions_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Fichier de questions.")],
    dataset: Annotated[str, typer.Option("--dataset", help="Nom du jeu de données.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, jsonl, parquet ou squad (défaut : d'après l'extension).")
    ] = None,
    as_json: JsonOption = False,
    no_pseudonymise: NoPseudoOption = False,
) -> None:
    """Importer un jeu de questions (versionné par contenu)."""
    from workbench.importing import import_questions

    result = import_questions(_store(ctx), file, dataset, fmt=fmt, pseudonymise=not no_pseudonymise)
    if as_json:
        _print_json(
            {
                "dataset": result.name,
                "questions": result.counts["questions"],
                "dataset_id": result.id,
                "version": result.version,
                "created": result.created,
            }
        )
    else:
        state = "nouvelle version" if result.created else "contenu identique déjà importé"
        typer.echo(f"{result.name}@{result.version} : {result.counts['questions']} questions ({state}).")


@import_app.command("corpus")
@user_errors
def import_corpus_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Dossier ou zip de fiches DILA, fichier JSONL, dossier Markdown.")],
    corpus: Annotated[str, typer.Option("--corpus", help="Nom du corpus.")],
    fmt: Annotated[str, typer.Option("--format", help="dila, jsonl ou markdown.")] = "dila",
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Taille des passages, en mots.")] = 200,
    chunk_overlap: Annotated[int, typer.Option("--chunk-overlap", help="Recouvrement, en mots.")] = 40,
    as_json: JsonOption = False,
) -> None:
    """Importer une base de connaissances (fiches service-public.fr...)."""
    from workbench.importing import import_corpus

    result = import_corpus(
        _store(ctx), path, corpus, fmt=fmt, chunk_size=chunk_size, chunk_overlap=chunk_overlap
    )
    if as_json:
        _print_json(
            {
                "corpus": result.name,
                "documents": result.counts["documents"],
                "passages": result.counts["passages"],
                "corpus_id": result.id,
                "version": result.version,
                "created": result.created,
            }
        )
    else:
        state = "nouvelle version" if result.created else "contenu identique déjà importé"
        typer.echo(
            f"{result.name}@{result.version} : {result.counts['documents']} documents,"
            f" {result.counts['passages']} passages ({state})."
        )


@app.command("demo")
@user_errors
def demo_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Importer les données de démonstration, rejouer et noter (idempotent)."""
    from workbench.demo import run_demo

    summary = run_demo(_store(ctx), progress=_echo_err)
    if as_json:
        _print_json(summary)
    else:
        overview = summary["overview"]
        typer.echo(
            f"Démo prête dans {ctx.obj['db']} : {overview['questions']} questions,"
            f" {overview['documents']} fiches, {overview['experiences']} expériences,"
            f" {overview['agent_feedback']} retours d'agents, {overview['runs']} exécutions."
        )


@app.command("replay")
@user_errors
def replay_command(
    ctx: typer.Context,
    pipeline: Annotated[Path | None, typer.Option("--pipeline", help="Fichier TOML du pipeline.")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Jeu de questions (nom, nom@version).")] = None,
    resume_run: Annotated[str | None, typer.Option("--resume", help="Reprendre l'exécution RUN_ID.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Seulement les N premières questions.")] = None,
    concurrency: Annotated[int | None, typer.Option("--concurrency", min=1, max=1024, help="Requêtes simultanées (défaut 16).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rejouer un jeu de questions à travers un pipeline (ou reprendre une exécution)."""
    from workbench.config import load_pipeline
    from workbench.replay import DEFAULT_CONCURRENCY, replay, resume

    store = _store(ctx)
    with _progress_bar("Rejeu") as progress:
        if resume_run:
            if pipeline or dataset:
                raise WorkbenchError("--resume s'utilise seul (sans --pipeline ni --dataset)")
            result = resume(store, resume_run, concurrency=concurrency, progress=progress)
        else:
            if not (pipeline and dataset):
                raise WorkbenchError("indiquez --pipeline FICHIER et --dataset NOM (ou --resume RUN_ID)")
            config = load_pipeline(pipeline)
            result = replay(
                store, config, dataset, limit=limit, concurrency=concurrency or DEFAULT_CONCURRENCY, progress=progress
            )
    if as_json:
        _print_json(result.as_json())
    else:
        typer.echo(
            f"{result.run_id} : {result.answered}/{result.total} réponses, {result.failed} échecs,"
            f" {result.cached} depuis le cache, {result.wall_s:.1f} s ({result.status})."
        )
    if result.failed:
        _echo_err(f"Des questions ont échoué : reprenez avec `workbench replay --resume {result.run_id}`.")


class _progress_bar:
    """A progress bar on stderr (silent when stderr is not a terminal)."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        console = Console(stderr=True)
        self._progress = Progress(
            f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not console.is_terminal, transient=True,
        )
        self._task = None

    def __enter__(self) -> Callable[[int, int], None]:
        self._progress.__enter__()

        def update(done: int, total: int) -> None:
            if self._task is None:
                self._task = self._progress.add_task("", total=total)
            self._progress.update(self._task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(*exc)


def _format_number(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


@app.command("score")
@user_errors
def score_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Exécution à noter (voir `workbench runs`).")],
    metrics: Annotated[
        str | None,
        typer.Option("--metrics", help="Métriques séparées par des virgules (ou groupes : default, public_service, model, all)."),
    ] = None,
    judge_base_url: Annotated[str | None, typer.Option("--judge-base-url", help="Serveur juge compatible OpenAI (…/v1).")] = None,
    judge_model: Annotated[str | None, typer.Option("--judge-model", help="Modèle juge (défaut : le premier listé).")] = None,
    judge_api_key_env: Annotated[str | None, typer.Option("--judge-api-key-env", help="Variable d'environnement de la clé du juge.")] = None,
    judge_concurrency: Annotated[int, typer.Option("--judge-concurrency", min=1, max=256, help="Échantillons notés en parallèle par le juge.")] = 8,
    judge_max_tokens: Annotated[int, typer.Option("--judge-max-tokens", min=16, help="Jetons de sortie maximum par appel au juge.")] = 1024,
    embeddings_base_url: Annotated[str | None, typer.Option("--embeddings-base-url", help="Serveur /v1/embeddings (défaut : encodeur local).")] = None,
    embeddings_model: Annotated[str | None, typer.Option("--embeddings-model", help="Modèle d'embeddings du serveur.")] = None,
    embeddings_api_key_env: Annotated[str | None, typer.Option("--embeddings-api-key-env", help="Variable d'environnement de la clé d'embeddings.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Noter une exécution (métriques sans modèle par défaut ; juge LLM en option)."""
    from workbench.metrics.ragas_metrics import EmbeddingsSettings, JudgeSettings
    from workbench.scoring import score_run

    if (judge_model or judge_api_key_env) and not judge_base_url:
        raise WorkbenchError("--judge-model et --judge-api-key-env s'utilisent avec --judge-base-url")
    judge = (
        JudgeSettings(
            base_url=judge_base_url, model=judge_model, api_key_env=judge_api_key_env,
            concurrency=judge_concurrency, max_tokens=judge_max_tokens,
        )
        if judge_base_url
        else None
    )
    embeddings = (
        EmbeddingsSettings(embeddings_base_url, embeddings_model, embeddings_api_key_env) if embeddings_base_url else None
    )
    names = [m.strip() for m in metrics.split(",") if m.strip()] if metrics else None
    with _progress_bar("Notation") as progress:
        report = score_run(_store(ctx), run_id, names, judge=judge, embeddings=embeddings, progress=progress)
    if as_json:
        _print_json(report.as_json())
        return
    for metric, mean in report.metrics.items():
        judge_label = f"  (juge {report.judges[metric]})" if report.judges.get(metric) else ""
        failed = f", {report.failed[metric]} échec(s)" if report.failed.get(metric) else ""
        typer.echo(f"{metric:<22} {_format_number(mean):>7}  n = {report.counts.get(metric, 0)}{failed}{judge_label}")
    for metric, why in report.skipped.items():
        typer.echo(f"{metric:<22} ignorée : {why}")
    for metric, why in report.incomplete.items():
        _echo_err(f"{metric} : {why}")
    typer.echo(f"{report.scored} scores calculés, {report.already_scored} déjà présents ({report.wall_s:.1f} s).")


@app.command("compare")
@user_errors
def compare_command(
    ctx: typer.Context,
    runs: Annotated[list[str], typer.Argument(help="BASELINE CANDIDATE (ou plusieurs exécutions avec --grid).")],
    fail_if_worse: Annotated[
        list[str] | None,
        typer.Option("--fail-if-worse", help="MÉTRIQUE[:MARGE] : code 1 si l'IC à 95 % du delta est entièrement sous −MARGE."),
    ] = None,
    metrics: Annotated[str | None, typer.Option("--metrics", help="Limiter aux métriques (séparées par des virgules).")] = None,
    grid: Annotated[bool, typer.Option("--grid", help="Résumer plusieurs exécutions par pipeline (moyenne et IC).")] = False,
    resamples: Annotated[int, typer.Option("--resamples", min=100, max=100000, help="Tirages du bootstrap.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Graine du bootstrap.")] = 20260,
    as_json: JsonOption = False,
) -> None:
    """Comparer deux exécutions notées (delta, IC bootstrap apparié, Wilcoxon, Holm)."""
    from workbench.compare import compare_runs, failed_gates, grid_summary, parse_gate

    store = _store(ctx)
    names = [m.strip() for m in metrics.split(",") if m.strip()] if metrics else None
    if grid:
        if fail_if_worse:
            raise WorkbenchError("--fail-if-worse compare deux exécutions ; il ne s'utilise pas avec --grid")
        summary = grid_summary(store, runs, metrics=names, resamples=resamples, seed=seed)
        if as_json:
            _print_json(summary)
            return
        for pipeline, entry in summary["pipelines"].items():
            typer.echo(f"{pipeline}  ({len(entry['runs'])} exécution(s))")
            for metric, s in entry["metrics"].items():
                typer.echo(
                    f"  {metric:<22} {_format_number(s['mean']):>7}  IC95 [{_format_number(s['ci_low'])}, "
                    f"{_format_number(s['ci_high'])}]  n = {s['n_questions']}"
                )
        return
    if len(runs) != 2:
        raise WorkbenchError("indiquez deux exécutions : BASELINE CANDIDATE (ou --grid pour plusieurs)")
    gates = [parse_gate(spec) for spec in fail_if_worse or []]
    comparison = compare_runs(store, runs[0], runs[1], metrics=names, resamples=resamples, seed=seed)
    failed = failed_gates(comparison, gates)
    if as_json:
        payload = comparison.as_json()
        if gates:
            payload["gates"] = {metric: {"margin": margin, "failed": metric in failed} for metric, margin in gates}
        _print_json(payload)
    else:
        typer.echo(f"{comparison.baseline} → {comparison.candidate} : {comparison.n} questions en commun")
        for metric, c in comparison.metrics.items():
            flag = "  ✗ moins bon" if metric in failed else ""
            typer.echo(
                f"{metric:<22} {_format_number(c.baseline)} → {_format_number(c.candidate)}  "
                f"Δ {c.delta:+.3f}  IC95 [{c.ci_low:+.3f}, {c.ci_high:+.3f}]  p = {c.p_value:.3g}"
                f" (Holm {c.p_holm:.3g})  n = {c.n}{flag}"
            )
    if failed:
        _echo_err(f"Le candidat est significativement moins bon sur : {', '.join(failed)}")
        raise typer.Exit(1)


@app.command("kpi")
@user_errors
def kpi_command(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="Publiées à partir de ce jour (AAAA-MM-JJ ou JJ/MM/AAAA).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Publiées jusqu'à ce jour inclus.")] = None,
    structure: Annotated[
        str | None, typer.Option("--structure", help="Expériences adressées à cette structure (l'une des siennes).")
    ] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Expériences de ce thème.")] = None,
    ai_threshold: Annotated[
        int, typer.Option("--ai-threshold", help="Taux de similarité (0–100) à partir duquel une réponse compte comme assistée par l'IA.")
    ] = 50,
    split: Annotated[
        str | None, typer.Option("--split", help="Comparer avant ce jour et à partir de ce jour.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Indicateurs : délais de réponse, réponses assistées par l'IA, satisfaction, avis des agents."""
    from workbench import kpi

    scope = kpi.scope_from_options(
        start=start, end=end, structure=structure, theme=theme, ai_threshold=ai_threshold
    )
    split_day = kpi.parse_day(split, "--split")
    result = kpi.report(_store(ctx), scope, split=split_day)
    if as_json:
        _print_json(result)
    else:
        typer.echo(kpi.format_report(result, scope, split=split_day))


@app.command("rate")
@user_errors
def rate_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Identifiant de l'exécution.")],
    question_id: Annotated[str, typer.Argument(help="Identifiant de la question dans son jeu de données.")],
    rater: Annotated[str, typer.Option("--rater", help="Nom de l'évaluateur.")],
    stars: Annotated[str, typer.Option("--stars", help="Étoiles de 0 à 5 (demi-étoiles permises).")],
    positive: Annotated[
        list[str] | None, typer.Option("--positive", help="Étiquette positive (répétable) : clair, synthetique, complet, sources_fiables.")
    ] = None,
    negative: Annotated[
        list[str] | None,
        typer.Option("--negative", help="Étiquette négative (répétable) : erreurs_grammaire, hallucinations, imprecisions, incoherences, manque_de_sources, trop_long."),
    ] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="Commentaire libre (pseudonymisé).")] = None,
    good: Annotated[bool, typer.Option("--good", help="Marquer comme bonne réponse.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Noter une réponse (grille France services) ; une nouvelle note remplace la précédente."""
    from workbench import ratings

    row = ratings.rate(
        _store(ctx), run_id, question_id, rater=rater, stars=stars,
        positive=positive or [], negative=negative or [], comment=comment, good_answer=good,
    )
    if as_json:
        _print_json({"rating": row})
    else:
        typer.echo(f"Note enregistrée : {row['stars']:g}/5 par {row['rater']} ({run_id}, {question_id}).")


@app.command("ratings")
@user_errors
def ratings_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Identifiant de l'exécution.")],
    as_json: JsonOption = False,
) -> None:
    """Lister les notes d'une exécution."""
    from workbench import ratings

    store = _store(ctx)
    if store.run(run_id) is None:
        raise WorkbenchError(f"exécution inconnue « {run_id} »")
    rows = ratings.ratings(store, run_id)
    if as_json:
        _print_json({"ratings": rows})
        return
    if not rows:
        typer.echo("Aucune note pour cette exécution.")
    for r in rows:
        tags = ", ".join(r["positive_tags"] + r["negative_tags"])
        typer.echo(f"{r['question_id']}  {r['stars']:g}/5  {r['rater']}  {tags}")


@app.command("agreement")
@user_errors
def agreement_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Identifiant de l'exécution.")],
    as_json: JsonOption = False,
) -> None:
    """Accord entre évaluateurs (alpha de Krippendorff, kappa de Fleiss) et avec les métriques."""
    from workbench import ratings

    result = ratings.agreement(_store(ctx), run_id)
    if as_json:
        _print_json(result)
        return

    def fmt(value: Any) -> str:
        return "—" if value is None else f"{value:.3f}"

    typer.echo(f"{result['items']} réponse(s) notée(s) par {result['raters']} évaluateur(s).")
    typer.echo(f"Alpha de Krippendorff (ordinal, étoiles) : {fmt(result['krippendorff_alpha'])}")
    for tag, kappa in result["fleiss_kappa"].items():
        typer.echo(f"Kappa de Fleiss « {tag} » : {fmt(kappa)}")
    for metric, r in result["judge_human"].items():
        typer.echo(f"Spearman {metric} / étoiles : {fmt(r['rho'])} [{fmt(r['ci_low'])} ; {fmt(r['ci_high'])}] (n = {r['n']})")


@app.command("runs")
@user_errors
def runs_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Lister les exécutions (rejeux)."""
    runs = _store(ctx).runs_summary()
    if as_json:
        _print_json(
            {
                "runs": [
                    {k: r[k] for k in ("run_id", "pipeline", "dataset", "status", "answered", "failed")}
                    for r in runs
                ]
            }
        )
        return
    if not runs:
        typer.echo("Aucune exécution. Lancez `workbench demo` ou `workbench replay`.")
    for r in runs:
        typer.echo(
            f"{r['run_id']}  {r['status']:<8}  {r['pipeline']}  {r['dataset']}"
            f"  répondues {r['answered']}, échecs {r['failed']}"
        )


@app.command("backup")
@user_errors
def backup_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Fichier DuckDB de sauvegarde à créer.")],
    force: Annotated[bool, typer.Option("--force", help="Remplacer le fichier s'il existe déjà.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Sauvegarder la base dans un fichier DuckDB cohérent, même pendant des rejeux et des notations."""
    from workbench.backup import backup

    result = backup(_store(ctx), path, force=force)
    if as_json:
        _print_json(result.as_json())
    else:
        rows = sum(result.tables.values())
        typer.echo(
            f"Sauvegarde écrite dans {result.path} : {len(result.tables)} tables, {rows} lignes,"
            f" {result.bytes / 1e6:.1f} Mo, schéma v{result.schema_version} ({result.wall_s:.1f} s)."
        )


@app.command("restore")
@user_errors
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Sauvegarde à restaurer (fichier écrit par `workbench backup`).")],
    force: Annotated[
        bool, typer.Option("--force", help="Remplacer le fichier .before-restore d'une restauration précédente.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Remplacer la base par une sauvegarde (migrée si elle est ancienne) ; l'ancienne base est conservée."""
    from workbench.backup import restore

    result = restore(_store(ctx), path, force=force)
    if as_json:
        _print_json(result.as_json())
        return
    migrated = (
        f", migrée de la v{result.migrated_from} à la v{result.schema_version}"
        if result.migrated_from != result.schema_version
        else f", schéma v{result.schema_version}"
    )
    typer.echo(
        f"Base {result.path} restaurée depuis {result.source} : {len(result.tables)} tables,"
        f" {sum(result.tables.values())} lignes{migrated} ({result.wall_s:.1f} s)."
    )
    if result.before_restore:
        typer.echo(f"L'ancienne base est conservée dans {result.before_restore}.")


@app.command("app")
@user_errors
def app_command(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port d'écoute (127.0.0.1).")] = 8501,
) -> None:
    """Ouvrir l'application Streamlit (sans navigateur, sur 127.0.0.1)."""
    db = Path(ctx.obj["db"]).resolve()
    Store(db).schema_version()  # creates and migrates the file before the app starts
    env = {**os.environ, "WORKBENCH_DB": str(db)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(config.PROJECT_ROOT / "app.py"),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    _echo_err(f"Application sur http://127.0.0.1:{port} (base {db}). Ctrl+C pour arrêter.")
    try:
        raise typer.Exit(subprocess.call(command, env=env, cwd=config.PROJECT_ROOT))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
