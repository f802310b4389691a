"""The `workbench` command line. The app's pages call the same functions.

With ``--json`` a command prints exactly one JSON object on stdout; every other message goes to
stderr. Errors the user can fix are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import functools
import json
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


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Fichier DuckDB (défaut : $WORKBENCH_DB, sinon ./workbench.duckdb)."),
    ] = None,
) -> None:
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
