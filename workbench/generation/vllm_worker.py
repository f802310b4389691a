"""A vLLM batch worker, run by the interpreter that has vLLM (often a venv of its own).

Standard library + vllm only: it must not import workbench, whose pins (openai<2 for ragas)
conflict with vLLM's. Protocol on stdin/stdout, one JSON object per line:

    → {"engine": {...vllm.LLM kwargs}, "sampling": {...SamplingParams kwargs}}
    ← {"ready": true}                                   (or {"error": "..."} and exit)
    → {"batch": [[{"role": ..., "content": ...}, ...], ...]}
    ← {"outputs": [{"text": ..., "prompt_tokens": n, "completion_tokens": n}, ...], "ms": t}
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # vLLM's own prints must not corrupt the protocol
    header = json.loads(sys.stdin.readline())
    try:
        from vllm import LLM, SamplingParams

        llm = LLM(**header["engine"])
        params = SamplingParams(**header["sampling"])
    except Exception as error:  # noqa: BLE001 - reported to the parent, which records it
        out.write(json.dumps({"error": f"{type(error).__name__}: {error}"[:500]}) + "\n")
        out.flush()
        return
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        try:
            results = llm.chat(request["batch"], params, use_tqdm=False)
            outputs = [
                {
                    "text": r.outputs[0].text,
                    "prompt_tokens": len(r.prompt_token_ids or []),
                    "completion_tokens": len(r.outputs[0].token_ids or []),
                }
                for r in results
            ]
            reply = {"outputs": outputs, "ms": (time.perf_counter() - started) * 1000}
        except Exception as error:  # noqa: BLE001
            reply = {"error": f"{type(error).__name__}: {error}"[:500]}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
