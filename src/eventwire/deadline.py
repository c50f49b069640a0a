"""A time budget for one document: `deadline(seconds)` raises `DocumentTimeout` in the working thread.

In the main thread it uses SIGALRM (an interval timer); in other threads (Dask workers, the API's
thread pool) a timer thread raises the exception asynchronously in the working thread. Either way the
exception arrives when control next returns to Python code, so a long C call (spaCy's parser on one
huge sentence) finishes first; the spaCy part is bounded by ``max_text_chars`` and the Python parts
(matching, extraction, resolution) are where pathological inputs would otherwise hang.

An exception raised while Python runs a garbage-collector callback or a ``__del__`` is printed and
dropped ("Exception ignored in ..."), so a single interruption can be lost. Both ways therefore raise
again every ``_REPEAT`` seconds until the block has ended.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Seconds between repeated interruptions after the budget ran out (see the module docstring).
_REPEAT = 1.0


class DocumentTimeout(Exception):
    """A document used up its time budget. Not an EventwireError: the pipeline turns it into a Reject."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread if the block runs longer than ``seconds`` (<= 0: no limit)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_raise_after(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, _REPEAT)  # again, in case this one is swallowed
        raise DocumentTimeout(f"over the {seconds:g} s budget")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_raise_after(seconds: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    done = threading.Event()
    lock = threading.Lock()
    timers: list[threading.Timer] = []

    def expire() -> None:
        with lock:
            if not done.is_set():
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))
                schedule(_REPEAT)  # again, in case this one is swallowed

    def schedule(delay: float) -> None:
        timer = threading.Timer(delay, expire)
        timer.daemon = True
        timers.append(timer)
        timer.start()

    with lock:
        schedule(seconds)
    try:
        yield
    finally:
        with lock:
            done.set()
            for timer in timers:
                timer.cancel()
            # An interruption set but not yet delivered must not surface after the block: clear it.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
