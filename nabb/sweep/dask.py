"""Solving chunks of points (or samples) on dask.distributed: local processes or a cluster.

Points are split into chunks of consecutive points; each task builds the HiGHS model once
(from the arrays, no Pyomo needed in affine mode) and solves its chunk with hot starts.
Local processes (``workers``) and an existing cluster (``scheduler``) both go through
``dask.distributed``; a task lost with its worker is retried, and points that still fail
are reported as failed, never dropped.  ``run_chunks_dask`` and ``queue_reporter`` are the
general machinery the uncertainty engine uses too.
"""
from __future__ import annotations

import os
import uuid
from typing import Any, Callable, Sequence

from nabb.errors import EXIT_SOLVER_FAILURE, InputError, Issue, NabbError
from nabb.sweep.local import Progress, Report, chunks_of, solve_chunk
from nabb.sweep.plan import Plan

class NoWorkersError(NabbError):
    """A --scheduler that no worker joined within the wait; nothing was solved (exit 3)."""

    exit_code = EXIT_SOLVER_FAILURE


def run_dask(plan: Plan, points, size: int, options, time_limit, rows: dict, bar: Progress,
             retries: int, scheduler: str | None, n_workers: int, chunk_fn, client,
             worker_timeout: float = 60.0, first: int = 0) -> bool:
    """Run chunks on dask; fills ``rows``; returns True when interrupted.

    ``points`` are the sweep's points from index ``first`` on (the ones before were solved
    in the master process)."""
    fn = chunk_fn or dask_chunk

    def failed(idx: int, p, why: str) -> dict:
        return {"point": idx, **{lv.name: float(v) for lv, v in zip(plan.levers, p)},
                "status": "failed", "note": why}
    return run_chunks_dask(plan.for_workers(), chunks_of(points, size, first), fn, (options, time_limit),
                           rows, bar, failed, retries=retries, scheduler=scheduler,
                           n_workers=n_workers, client=client, key="point", prefix="nabb-sweep",
                           worker_timeout=worker_timeout)


def open_client(scheduler: str | None, n_workers: int, worker_timeout: float = 60.0):
    """(client, cluster): a Client of the scheduler at ``scheduler`` once a worker has joined
    (else :class:`NoWorkersError` after ``worker_timeout`` s), or of a new LocalCluster of
    ``n_workers`` single-threaded processes (cluster None for a scheduler); close both."""
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            client = Client(scheduler, timeout=os.environ.get("NABB_DASK_TIMEOUT", "30s"))
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise InputError([Issue("", "", "", "--scheduler", "the address of a running dask "
                                    "scheduler (tcp://HOST:PORT)", f"{scheduler}: {err}")]) from None
        try:
            client.wait_for_workers(1, timeout=worker_timeout)
        except (TimeoutError, OSError) as err:
            client.close()
            raise NoWorkersError(
                f"nabb: no dask worker joined the scheduler {scheduler} within "
                f"{worker_timeout:g} s, so no point was solved. Start workers with "
                f"`dask worker {scheduler}` (or raise --worker-timeout). ({type(err).__name__})"
            ) from None
        return client, None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def run_chunks_dask(payload, chunks: Sequence[Sequence[tuple[int, Any]]], fn: Callable, args: tuple,
                    rows: dict, bar: Progress, failed_row: Callable[[int, Any, str], dict],
                    retries: int = 1, scheduler: str | None = None, n_workers: int = 1,
                    client: Any = None, key: str = "point", prefix: str = "nabb",
                    worker_timeout: float = 60.0) -> bool:
    """Run ``fn(payload, chunk, *args, queue_name)`` for every chunk on dask.distributed.

    General machinery shared by sweeps and uncertainty runs: the payload is scattered once to
    every worker; each finished row (a dict whose ``key`` is its index) is streamed back through
    a dask Queue for the progress bar; a task lost with its worker is resubmitted ``retries``
    times, then its unfinished items become ``failed_row(index, item, why)``.  Fills ``rows``
    (index -> row); returns True when interrupted (Ctrl-C), keeping the rows already finished.
    """
    from distributed import Queue, as_completed
    own_cluster = own_client = None
    if client is None:
        own_client, own_cluster = open_client(scheduler, n_workers, worker_timeout)
        client = own_client
    run_id = uuid.uuid4().hex[:10]
    queue = Queue(f"{prefix}-{run_id}", client=client)
    interrupted = False
    try:
        scattered = client.scatter(payload, broadcast=True, hash=False)
        futures = {}
        attempts: dict[int, int] = {}
        for ci, ch in enumerate(chunks):
            f = client.submit(fn, scattered, ch, *args, queue.name, key=f"{prefix}-{run_id}-{ci}-0",
                              pure=False)
            futures[f] = ci
            attempts[ci] = 0
        pending = as_completed(list(futures))
        seen: set[int] = set()

        def drain() -> None:
            try:
                items = queue.get(batch=True)
            except Exception:  # noqa: BLE001 - progress only
                return
            for i, row in items:
                if i not in seen:
                    seen.add(i)
                    bar.advance()
                rows.setdefault(i, row)

        try:
            for f in pending:
                ci = futures[f]
                try:
                    result = f.result()
                    for row in result:
                        rows[row[key]] = row
                        if row[key] not in seen:
                            seen.add(row[key])
                            bar.advance()
                except Exception as err:  # noqa: BLE001 - KilledWorker, lost connection, bug
                    if attempts[ci] < retries:
                        attempts[ci] += 1
                        # the dead worker may have held the only copy of the payload (a worker
                        # that joined after the broadcast has none): send it again, to one live
                        # worker (a broadcast would reach the restarting one too); if even that
                        # fails, the retry runs on the old copy and fails with its reason
                        try:
                            scattered = client.scatter(payload, hash=False)
                        except Exception:  # noqa: BLE001 - the retry reports the failure
                            pass
                        nf = client.submit(fn, scattered, chunks[ci], *args, queue.name,
                                           key=f"{prefix}-{run_id}-{ci}-{attempts[ci]}", pure=False)
                        futures[nf] = ci
                        pending.add(nf)
                    else:
                        for idx, p in chunks[ci]:
                            if idx in rows and rows[idx].get("status") == "optimal":
                                continue  # finished before the worker died
                            rows[idx] = failed_row(idx, p, f"task failed after {attempts[ci] + 1} "
                                                   f"attempt(s): {type(err).__name__}: {err}")
                            if idx not in seen:
                                seen.add(idx)
                                bar.advance()
                drain()
        except KeyboardInterrupt:
            interrupted = True
            drain()
            for f in futures:
                f.cancel()
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
    return interrupted


def queue_reporter(queue_name: str) -> Report | None:
    """Worker side: a ``report(index, row)`` that streams each finished row to the master's
    progress bar through the dask Queue ``queue_name`` (None when the queue cannot be reached:
    progress only, the rows still come back with the task's result)."""
    try:
        from distributed import Queue
        queue = Queue(queue_name)
    except Exception:  # noqa: BLE001 - progress only
        return None

    def report(i: int, row: dict) -> None:
        try:
            queue.put((i, row))
        except Exception:  # noqa: BLE001 - progress only
            pass
    return report


def dask_chunk(plan: Plan, chunk, options, time_limit, queue_name: str) -> list[dict]:
    """Worker side: build the model once for this chunk, stream each finished point."""
    return solve_chunk(plan, chunk, options, time_limit, report=queue_reporter(queue_name))
