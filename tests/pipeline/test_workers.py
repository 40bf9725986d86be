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



def scan_of_ten_pages(item, progress):
    """Reads ten 'pages' in 1.5 s, reporting each: over a 1 s flat limit, within 1 s + 0.1 s a page."""
    for page in range(10):
        progress.units(page, 10)
        time.sleep(0.15)
    progress.units(10, 10)
    return item


def test_time_limit_grows_with_the_units_the_task_reports_and_the_parent_hears_of_them():
    heard = []
    results = dict(run_in_workers(scan_of_ten_pages, ["scan"], jobs=1, time_limit=1, time_per_unit=0.1,
                                  on_units=lambda item, done, total: heard.append((item, done, total))))
    assert results == {"scan": "scan"}
    assert heard and all(item == "scan" and total == 10 for item, _, total in heard)
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)

    flat = dict(run_in_workers(scan_of_ten_pages, ["scan"], jobs=1, time_limit=1))
    assert flat["scan"].kind == "timeout" and flat["scan"].limit == 1 and flat["scan"].units[1] == 10


def test_a_worker_holds_neither_stdin_nor_stdout_of_the_parent():
    def descriptors(item, progress):
        return [os.path.realpath(f"/proc/self/fd/{fd}") for fd in (0, 1)]

    assert dict(run_in_workers(descriptors, ["fds"], jobs=1, time_limit=None)) == {"fds": [os.devnull] * 2}
