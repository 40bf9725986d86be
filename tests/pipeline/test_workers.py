"""The kill-on-timeout worker pool, on plain functions: it knows nothing of documents or stages."""

import os
import time

from pipeline.workers import Failure, run_in_workers


def square_or_misbehave(item, progress):
    progress(f"working on {item}")
    if item == "stuck":
        time.sleep(60)
    if item == "dies":
        os._exit(3)
    if item == "raises":
        raise ValueError("bad item")
    return item * item


def run(items, jobs=2, time_limit=None):
    return dict(run_in_workers(square_or_misbehave, items, jobs=jobs, time_limit=time_limit))


def test_every_item_comes_back_with_its_result():
    assert run(range(20)) == {n: n * n for n in range(20)}


def test_item_past_the_time_limit_is_killed_and_named_and_the_others_go_on():
    started = time.monotonic()
    results = run([1, "stuck", 2, 3], time_limit=0.5)
    assert time.monotonic() - started < 10
    failure = results.pop("stuck")
    assert isinstance(failure, Failure) and failure.kind == "timeout"
    assert failure.progress == "working on stuck" and failure.seconds >= 0.5
    assert results == {1: 1, 2: 4, 3: 9}


def test_worker_that_dies_is_replaced_and_its_item_reported_with_the_exit_code():
    results = run([1, "dies", 2, 3], jobs=1)
    failure = results.pop("dies")
    assert failure.kind == "crashed" and failure.exit_code == 3 and failure.progress == "working on dies"
    assert results == {1: 1, 2: 4, 3: 9}


def test_exception_in_the_task_is_reported_with_its_traceback_and_the_worker_goes_on():
    results = run([1, "raises", 2], jobs=1)
    failure = results.pop("raises")
    assert failure.kind == "exception" and failure.error == "ValueError: bad item"
    assert "Traceback (most recent call last)" in failure.traceback
    assert results == {1: 1, 2: 4}

