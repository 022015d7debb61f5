"""Jobs started together on many threads, for the tests of concurrent saves on either storage backend."""

from __future__ import annotations

import threading


def race(jobs, threads: int = 20) -> list[BaseException]:
    """Run *jobs* (callables) on *threads* threads that all start together; the errors raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)
    chunks = [jobs[i::threads] for i in range(threads)]

    def work(chunk):
        barrier.wait()
        for job in chunk:
            try:
                job()
            except BaseException as error:
                errors.append(error)

    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors
