"""The time budget survives an interruption Python swallows (raised inside a ``__del__``)."""

from __future__ import annotations

import threading
import time

import pytest

from eventwire.deadline import DocumentTimeout, deadline


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


class _SlowFinalizer:
    def __del__(self) -> None:
        _spin(0.6)  # the budget runs out in here: Python prints "Exception ignored" and drops it


def _runaway() -> None:
    _SlowFinalizer()  # freed at once, so its __del__ runs now
    _spin(8)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_swallowed_interruption_is_raised_again_in_the_main_thread() -> None:
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), deadline(0.2):
        _runaway()
    assert time.perf_counter() - started < 4


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_swallowed_interruption_is_raised_again_in_another_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with deadline(0.2):
                _runaway()
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("timeout")
        _spin(1.5)  # nothing pending may surface after the block
        outcome.append("after")

    started = time.perf_counter()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    assert outcome == ["timeout", "after"]
    assert time.perf_counter() - started < 6
