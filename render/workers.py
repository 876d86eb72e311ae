"""Run a chunked job in forked worker processes that write their output in order, taking turns."""

from __future__ import annotations

import os
from collections import deque
from itertools import chain

_shared: dict = {}  # set in each worker by _start: the job, the turn and the output
WARM = 2  # chunks done here before forking


def run_in_order(chunks, work, out, jobs: int):
    """Yield ``(errors, count)`` per chunk, in order, after ``work(chunk)``'s bytes are written.

    ``work`` returns ``(bytes, errors, count)``. The first ``WARM`` chunks run here and write
    to ``out``; with one job, a short input, or no ``fork``, so do the rest. Otherwise forked
    workers write straight to ``out``'s file descriptor, each waiting for the chunk before
    its own, only error lines and counts come back, and at most ``2 * jobs`` chunks are in
    flight.
    """
    import multiprocessing

    parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    for index, chunk in enumerate(chunks):
        text, errors, count = work(chunk)  # the first chunks warm the memos workers inherit
        out.write(text)
        yield errors, count
        if parallel and index + 1 >= WARM:
            rest = iter(chunks)
            following = next(rest, None)
            if following is not None:
                yield from _parallel(chain([following], rest), work, out, jobs,
                                     multiprocessing)
            return


def _parallel(chunks, work, out, jobs: int, multiprocessing):
    import gc

    context = multiprocessing.get_context("fork")
    turn, next_index = context.Condition(context.Lock()), context.RawValue("q", 0)
    out.flush()
    gc.collect()
    gc.freeze()  # shared pages stay shared: the collector leaves the parent's objects alone
    pool = context.Pool(jobs, initializer=_start,
                        initargs=(work, turn, next_index, out.fileno(), os.getpid()))
    try:
        pending: deque = deque()
        for index, chunk in enumerate(chunks):
            pending.append(pool.apply_async(_task, (index, chunk)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
        gc.unfreeze()


def _start(work, turn, next_index, fd: int, parent: int) -> None:
    """Set up a worker; Ctrl-C is left to the main process, which stops the workers."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _shared.update(work=work, turn=turn, next=next_index, fd=fd, parent=parent)


def _task(index: int, chunk):
    """Do one chunk, then wait for the chunk before it to be written and write this one."""
    try:
        result = _shared["work"](chunk)
    except BaseException as exc:  # noqa: BLE001 - the turn must pass on before re-raising
        result = exc
    turn, next_index = _shared["turn"], _shared["next"]
    with turn:
        while next_index.value != index:
            if not turn.wait(timeout=1.0) and os.getppid() != _shared["parent"]:
                os._exit(1)  # the main process is gone
        try:
            if not isinstance(result, BaseException):
                _write_all(_shared["fd"], result[0])
        finally:
            next_index.value = index + 1
            turn.notify_all()
    if isinstance(result, BaseException):
        raise result
    return result[1], result[2]


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
