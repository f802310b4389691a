"""Exact top-k over a BM25 impact index: MaxScore pruning or a dense pass (compiled by numba).

The index is bm25s's: a CSC matrix whose column ``t`` lists, by increasing passage row, the
precomputed BM25 impact of term ``t`` in each passage that holds it. bm25s scores a query by
adding whole columns into a dense float32 array, term after term in query order, then sorts
every passage. Here each query is answered one of two ways, whichever a rough cost model
(``VISIT_NS``, ``POSTING_NS``, ``ROW_NS``) says is cheaper:

* MaxScore (Turtle & Flood, 1995), document at a time: the query's terms are ordered by their
  largest impact ``upper[t]``; once k passages are held, the terms whose bounds add up to at
  most the k-th score cannot lift a passage holding none of the others into the top k. Only
  the other ("essential") terms' postings are walked; the rest are looked up by galloping
  search, rarest first, for those passages alone, and a passage is dropped as soon as its
  partial score plus the bounds left cannot beat the k-th score. The bounds carry a relative
  slack far above float32 rounding, so pruning never drops a passage that the exhaustive
  computation would keep.
* A dense pass, for queries made only of frequent terms (where MaxScore would visit most
  passages anyway): bm25s's own accumulation, then one scan that keeps the k best.

Either way a passage's score is summed in float32, term after term in query order, exactly as
bm25s does: scores are bit-identical to ``BM25.get_scores``. Ties are broken by passage row (the
smaller first); passages scoring 0 are left out. The kernels release the GIL, keep their scratch
arrays per thread, and share a batch between the usable CPUs; numba compiles them at the first
index load and caches them on disk next to this file (``cache=True``; no network).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

_NONE = np.iinfo(np.int64).max


@numba.njit(nogil=True, cache=True)
def _seek(indices: np.ndarray, lo: int, hi: int, row: int) -> int:
    """First position in ``indices[lo:hi]`` (sorted) holding a row ≥ ``row`` (galloping)."""
    if lo >= hi or indices[lo] >= row:
        return lo
    step = 1
    while lo + step < hi and indices[lo + step] < row:
        lo += step
        step *= 2
    right = min(lo + step, hi)
    lo += 1
    while lo < right:
        middle = (lo + right) // 2
        if indices[middle] < row:
            lo = middle + 1
        else:
            right = middle
    return lo


@numba.njit(nogil=True, cache=True)
def _top_k_one(
    data, indices, indptr, upper, terms, k, out_rows, out_scores, order, rank_of, cursor, end, prefix, bound, probe, found
):
    m = len(terms)
    # Terms by increasing bound (insertion sort: queries are short).
    for i in range(m):
        j = i
        while j > 0 and upper[terms[order[j - 1]]] > upper[terms[i]]:
            order[j] = order[j - 1]
            j -= 1
        order[j] = i
    running = 0.0
    for i in range(m):
        term = terms[order[i]]
        rank_of[order[i]] = i
        cursor[i] = indptr[term]
        end[i] = indptr[term + 1]
        bound[i] = upper[term]
        running += upper[term]
        prefix[i] = running  # bound of a passage holding only terms order[0..i]
    # Non-essential terms are looked up rarest first: a miss there lowers the bound the most
    # for the least reading, and most passages are dropped after one or two look-ups.
    for i in range(m):
        j = i
        while j > 0 and end[probe[j - 1]] - cursor[probe[j - 1]] > end[i] - cursor[i]:
            probe[j] = probe[j - 1]
            j -= 1
        probe[j] = i
    # float32 sums of m impacts stay within m·2⁻²⁴ of the real sum; take 16 times that.
    slack = 1.0 + 1e-6 * (m + 1)
    held = 0
    theta = np.float32(0.0)
    first_essential = 0
    while True:
        row = _NONE
        for i in range(first_essential, m):
            if cursor[i] < end[i] and indices[cursor[i]] < row:
                row = indices[cursor[i]]
        if row == _NONE:
            break
        partial = 0.0
        for i in range(first_essential, m):
            c = cursor[i]
            if c < end[i] and indices[c] == row:
                found[i] = data[c]
                partial += data[c]
                cursor[i] = c + 1
            else:
                found[i] = 0.0
        dropped = False
        left = prefix[first_essential - 1] if first_essential > 0 else 0.0
        for j in range(m):
            i = probe[j]
            if i >= first_essential:
                continue
            if held == k and (partial + left) * slack <= theta:
                dropped = True
                break
            c = _seek(indices, cursor[i], end[i], row)
            cursor[i] = c
            if c < end[i] and indices[c] == row:
                found[i] = data[c]
                partial += data[c]
            else:
                found[i] = 0.0
            left -= bound[i]
        if dropped:
            continue
        # bm25s's sum: float32, term after term in query order (absent terms add an exact 0).
        score = np.float32(0.0)
        for q in range(m):
            score = np.float32(score + found[rank_of[q]])
        if score <= 0 or (held == k and score <= theta):
            continue  # a later row with an equal score ranks after the rows held
        position = held if held < k else k - 1
        while position > 0 and out_scores[position - 1] < score:
            out_scores[position] = out_scores[position - 1]
            out_rows[position] = out_rows[position - 1]
            position -= 1
        out_scores[position] = score
        out_rows[position] = row
        if held < k:
            held += 1
        if held == k:
            theta = out_scores[k - 1]
            while first_essential < m and prefix[first_essential] * slack <= theta:
                first_essential += 1


@numba.njit(nogil=True, cache=True)
def _top_k_dense(data, indices, indptr, terms, k, out_rows, out_scores, acc):
    """bm25s's own computation (all columns into a dense accumulator), then one pass for the top k."""
    postings = 0
    for term in terms:
        start, stop = indptr[term], indptr[term + 1]
        postings += stop - start
        for p in range(start, stop):
            acc[indices[p]] += data[p]
    held = 0
    theta = np.float32(0.0)
    n = len(acc)
    for block in range(0, n, 32):
        stop = min(block + 32, n)
        best = acc[block]
        for row in range(block + 1, stop):  # a branch-free maximum, vectorised
            best = max(best, acc[row])
        if best <= theta:
            continue
        for row in range(block, stop):
            score = acc[row]
            if score > theta:  # rows come in order: a later row with an equal score ranks after
                position = held if held < k else k - 1
                while position > 0 and out_scores[position - 1] < score:
                    out_scores[position] = out_scores[position - 1]
                    out_rows[position] = out_rows[position - 1]
                    position -= 1
                out_scores[position] = score
                out_rows[position] = row
                if held < k:
                    held += 1
                if held == k:
                    theta = out_scores[k - 1]
    if postings < len(acc) // 4:
        for term in terms:
            for p in range(indptr[term], indptr[term + 1]):
                acc[indices[p]] = 0
    else:
        acc[:] = 0


# Rough costs, in nanoseconds, that choose between the two for each query: MaxScore visits at
# least every posting of the query's best-bounded term; the dense pass reads every posting of
# every term, then every passage.
VISIT_NS, POSTING_NS, ROW_NS = 40.0, 1.6, 1.4  # measured on the benchmark corpus, 2 vCPUs


@numba.njit(nogil=True, cache=True)
def _top_k_batch(data, indices, indptr, upper, terms, starts, first, last, k, strategy, out_rows, out_scores, acc):
    longest = 0
    for q in range(first, last):
        longest = max(longest, starts[q + 1] - starts[q])
    order = np.empty(longest, np.int64)
    rank_of = np.empty(longest, np.int64)
    cursor = np.empty(longest, np.int64)
    end = np.empty(longest, np.int64)
    prefix = np.empty(longest, np.float64)
    bound = np.empty(longest, np.float64)
    probe = np.empty(longest, np.int64)
    found = np.empty(longest, np.float32)
    for q in range(first, last):
        query = terms[starts[q] : starts[q + 1]]
        if len(query) == 0 or k == 0:
            continue
        dense = strategy == 2
        if strategy == 0:
            postings = 0
            best = query[0]
            for term in query:
                postings += indptr[term + 1] - indptr[term]
                if upper[term] > upper[best]:
                    best = term
            visits = indptr[best + 1] - indptr[best]
            dense = POSTING_NS * postings + ROW_NS * len(acc) < VISIT_NS * visits
        if dense:
            _top_k_dense(data, indices, indptr, query, k, out_rows[q], out_scores[q], acc)
        else:
            _top_k_one(data, indices, indptr, upper, query, k, out_rows[q], out_scores[q],
                       order, rank_of, cursor, end, prefix, bound, probe, found)


STRATEGIES = {"auto": 0, "prune": 1, "dense": 2}
CHUNK = 16  # queries taken at a time by each thread from a shared batch
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(1, _usable_cpus() - 1), thread_name_prefix="bm25-top-k")
        return _pool


class ImpactIndex:
    """bm25s's CSC impacts, ready for :func:`_top_k_batch` (one dtype each, contiguous)."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_rows: int) -> None:
        self.data = np.ascontiguousarray(data, dtype=np.float32)
        self.indices = np.ascontiguousarray(indices, dtype=np.int32)
        self.indptr = np.ascontiguousarray(indptr, dtype=np.int64)
        self.n_rows = int(n_rows)
        lengths = np.diff(self.indptr)
        self.upper = np.zeros(len(lengths), dtype=np.float64)
        filled = lengths > 0
        if filled.any():
            self.upper[filled] = np.maximum.reduceat(self.data, self.indptr[:-1][filled])
        self._local = threading.local()
        # Compiles the kernel, or loads it from numba's disk cache, now rather than on a query.
        self.top_k([[]], 1)

    def top_k(
        self, queries: list[list[int]], k: int, strategy: str = "auto", threads: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of each query's k best passages, best first; row -1 pads short lists.

        ``strategy``: "prune" (MaxScore), "dense" (every posting) or "auto" (the cheaper one
        for each query); all three return the same rows and scores. A batch is shared, by chunks
        of ``CHUNK`` queries, between ``threads`` (default: one per usable CPU), the calling
        thread included.
        """
        k = max(0, min(int(k), self.n_rows))
        lengths = np.fromiter((len(q) for q in queries), dtype=np.int64, count=len(queries))
        starts = np.zeros(len(queries) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        terms = np.fromiter((t for q in queries for t in q), dtype=np.int64, count=int(starts[-1]))
        rows = np.full((len(queries), k), -1, dtype=np.int64)
        scores = np.zeros((len(queries), k), dtype=np.float32)
        code = STRATEGIES[strategy]

        def run(first: int, last: int) -> None:
            acc = getattr(self._local, "acc", None)
            if acc is None:  # the dense pass's accumulator, one per thread, left zeroed after each query
                acc = self._local.acc = np.zeros(self.n_rows, dtype=np.float32)
            _top_k_batch(
                self.data, self.indices, self.indptr, self.upper, terms, starts, first, last, k, code, rows, scores, acc
            )

        chunks = iter(range(0, len(queries), CHUNK))
        lock = threading.Lock()

        def drain() -> None:
            # Threads take chunks as they go: one held up by another process does not hold up the
            # batch, and when no other CPU is free the calling thread simply does all the work.
            while True:
                with lock:
                    first = next(chunks, None)
                if first is None:
                    return
                run(first, min(first + CHUNK, len(queries)))

        helpers = min(threads or _usable_cpus(), -(-len(queries) // CHUNK)) - 1
        others = [_thread_pool().submit(drain) for _ in range(helpers)]
        drain()
        for other in others:
            if not other.cancel():  # a helper that has not started yet is not waited for
                other.result()
        return rows, scores
