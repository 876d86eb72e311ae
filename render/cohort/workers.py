"""Run a chunked job in forked worker processes that write their output in order, taking turns."""

from __future__ import annotations

import os
from collections import deque

WARM = 2  # chunks done in the main process before forking


def run_in_order(chunks, work, out, jobs: int):
    """Yield ``(errors, count)`` per chunk, in order, after ``work(chunk)``'s bytes are written.

    ``work`` returns ``(bytes, errors, count)``. The first ``WARM`` chunks run here and write
    to ``out`` (warming whatever ``work`` remembers); with one job, a short input or no
    ``fork``, so do the rest. Otherwise forked workers take chunks in turn, write straight
    to ``out``'s file descriptor once the chunk before theirs is written, and send back only
    error lines and counts; at most ``2 * jobs`` chunks are in flight.
    """
    import multiprocessing

    parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    chunks = iter(chunks)
    for index, chunk in enumerate(chunks):
        text, errors, count = work(chunk)
        out.write(text)
        yield errors, count
        if parallel and index + 1 >= WARM:
            yield from _parallel(chunks, work, out, jobs, multiprocessing.get_context("fork"))
            return


def _parallel(chunks, work, out, jobs: int, context):
    import gc

    first = next(chunks, None)
    if first is None:
        return
    turn, next_index = context.Condition(context.Lock()), context.RawValue("q", 0)
    out.flush()
    gc.collect()
    gc.freeze()  # shared pages stay shared: the collector leaves the parent's objects alone
    workers = [_Worker(context, work, turn, next_index, out.fileno()) for _ in range(jobs)]
    pending: deque = deque()
    try:
        for index, chunk in enumerate(_prepend(first, chunks)):
            workers[index % jobs].send((index, chunk))
            pending.append(index)
            if len(pending) >= 2 * jobs:
                yield workers[pending.popleft() % jobs].receive()
        while pending:
            yield workers[pending.popleft() % jobs].receive()
    except BaseException:
        for worker in workers:
            worker.process.kill()
        raise
    finally:
        for worker in workers:
            worker.stop()
        gc.unfreeze()


def _prepend(first, rest):
    yield first
    yield from rest


class _Worker:
    """One forked process with a pipe of chunks in and a pipe of results out."""

    def __init__(self, context, work, turn, next_index, fd: int):
        tasks_out, self.tasks = context.Pipe(duplex=False)
        self.results, results_in = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(work, tasks_out, results_in, turn, next_index, fd))
        self.process.start()
        tasks_out.close()
        results_in.close()  # so a worker that dies shows as the end of its results

    def send(self, task) -> None:
        """Hand a chunk over; a worker that is gone is noticed in order, by ``receive``, so
        that every chunk before the one it failed on is still written."""
        try:
            self.tasks.send(task)
        except OSError:  # not the output's broken pipe: the worker is gone
            pass

    def receive(self):
        try:
            kind, value = self.results.recv()
        except (EOFError, OSError):
            self._stopped()
        if kind == "error":
            raise value
        return value

    def _stopped(self):
        self.process.join(timeout=60)
        raise RuntimeError(f"a worker process stopped (exit status {self.process.exitcode})")

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.tasks.send(None)
            except OSError:
                self.process.kill()
        self.process.join()
        self.tasks.close()
        self.results.close()


def _serve(work, tasks, results, turn, next_index, fd: int) -> None:
    """A worker's loop; Ctrl-C and SIGTERM are left to the main process, which stops the
    workers, and a worker ends with the main process even if that one is killed."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    parent = os.getppid()
    if parent == 1:  # the main process is already gone
        os._exit(1)
    while (task := tasks.recv()) is not None:
        index, chunk = task
        try:
            result = work(chunk)
        except BaseException as exc:  # noqa: BLE001 - the turn must pass on before reporting
            result = exc
        with turn:
            while next_index.value != index:
                if not turn.wait(timeout=1.0) and os.getppid() != parent:
                    os._exit(1)  # the main process is gone
            try:
                if not isinstance(result, BaseException):
                    _write_all(fd, result[0])
            except OSError as exc:  # e.g. a closed pipe: reported by the main process
                result = exc
            finally:
                next_index.value = index + 1
                turn.notify_all()
        _send(results, result)


def _die_with_parent() -> None:
    """Linux: ask the kernel to kill this process when its parent dies (PR_SET_PDEATHSIG)."""
    import signal

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the turn loop notices the parent is gone
        pass


def _send(results, result) -> None:
    if not isinstance(result, BaseException):
        results.send(("ok", (result[1], result[2])))
        return
    try:
        results.send(("error", result))
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled
        results.send(("error", RuntimeError(f"{type(result).__name__}: {result}")))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
