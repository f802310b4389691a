"""Batch generation with vLLM's offline engine (``vllm.LLM``) — the ``vllm`` generation kind.

vLLM pins libraries that conflict with ours (it needs openai ≥ 2, ragas needs openai < 2), so
the engine usually lives in an environment of its own: the generator starts
``vllm_worker.py`` with that environment's interpreter (``python`` in the pipeline, else
``$WORKBENCH_VLLM_PYTHON``, else ``.venv-vllm/bin/python`` when it exists) and feeds it batches
over a pipe. When this interpreter has vLLM itself, pass ``python = "self"`` to load it here.
Token counts come from the engine's outputs; per-request latency is the batch's wall time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from workbench.config import PROJECT_ROOT
from workbench.errors import WorkbenchError
from workbench.generation.base import Generation, GenerationRequest

WORKER = Path(__file__).with_name("vllm_worker.py")


def engine_python(configured: str | None) -> str:
    if configured:
        return sys.executable if configured == "self" else configured
    if os.environ.get("WORKBENCH_VLLM_PYTHON"):
        return os.environ["WORKBENCH_VLLM_PYTHON"]
    local = PROJECT_ROOT / ".venv-vllm" / "bin" / "python"
    if local.exists():
        return str(local)
    if importlib.util.find_spec("vllm") is not None:
        return sys.executable
    raise WorkbenchError(
        "vLLM est introuvable : installez-le (`scripts/install_vllm.sh .venv-vllm`, ou l'extra"
        " `vllm` sur une machine GPU) ou indiquez `python = \"/chemin/vers/python\"` dans [generation]"
    )


class VLLMLocalGenerator:
    def __init__(self, config) -> None:
        self.config = config
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self.key = "vllm:v1:" + json.dumps(
            {k: getattr(config, k) for k in ("model", "temperature", "top_p", "max_tokens", "seed")}, sort_keys=True
        )

    def _header(self) -> dict:
        c = self.config
        engine = {"model": c.model, "seed": c.seed or 0, **c.engine_args}
        if c.max_model_len:
            engine["max_model_len"] = c.max_model_len
        sampling = {"temperature": c.temperature, "top_p": c.top_p, "max_tokens": c.max_tokens, "seed": c.seed}
        return {"engine": engine, "sampling": sampling}

    def _worker(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        python = engine_python(self.config.python)
        env = {**os.environ, **{k: str(v) for k, v in self.config.engine_env.items()}}
        try:
            process = subprocess.Popen(
                [python, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL if not self.config.show_engine_log else None,
                text=True, env=env, start_new_session=True,
            )
        except OSError as error:
            raise WorkbenchError(f"impossible de lancer le moteur vLLM avec {python} : {error}") from None
        process.stdin.write(json.dumps(self._header()) + "\n")
        process.stdin.flush()
        ready = json.loads(process.stdout.readline() or '{"error": "le moteur vLLM s\'est arrêté au démarrage"}')
        if "error" in ready:
            process.kill()
            raise WorkbenchError(f"le moteur vLLM n'a pas démarré : {ready['error']}")
        self._process = process
        return process

    def generate_batch(self, requests: list[GenerationRequest]) -> list[Generation]:
        with self._lock:
            process = self._worker()
            try:
                process.stdin.write(json.dumps({"batch": [r.messages for r in requests]}) + "\n")
                process.stdin.flush()
                reply = json.loads(process.stdout.readline() or '{"error": "le moteur vLLM s\'est arrêté"}')
            except (BrokenPipeError, json.JSONDecodeError) as error:
                reply = {"error": type(error).__name__}
        if "error" in reply:
            return [Generation(text=None, error=f"vLLM : {reply['error'][:200]}", attempts=1) for _ in requests]
        return [
            Generation(
                text=o["text"],
                prompt_tokens=o["prompt_tokens"],
                completion_tokens=o["completion_tokens"],
                total_ms=reply["ms"],
                attempts=1,
            )
            for o in reply["outputs"]
        ]

    async def aclose(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.stdin.close()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
