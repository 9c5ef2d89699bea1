"""Calls from many threads at once are safe and give identical bytes; the
GIL is released while a document is rendered."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import quire

pytestmark = pytest.mark.filterwarnings("ignore:.*`font-size` is honoured:quire.QuireWarning")


def test_sixteen_calls_from_eight_threads_give_identical_pdfs(fixtures, repo, epoch):
    text = (fixtures / "sponsorship-agreement.md").read_text(encoding="utf-8")
    with ThreadPoolExecutor(max_workers=8) as pool:
        pdfs = list(pool.map(lambda _: quire.convert_text(text, "pdf", base_dir=repo), range(16)))
    assert len(pdfs) == 16
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)
    assert len(set(pdfs)) == 1


def test_other_threads_run_while_a_document_renders(fixtures, repo):
    # A thread that ticks every millisecond ticks many times during a call
    # that releases the GIL, and at most once or twice during one that holds it.
    text = (fixtures / "sponsorship-agreement.md").read_text(encoding="utf-8")
    ticks = 0
    stop = threading.Event()

    def tick():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        before = ticks
        quire.convert_text(text, "pdf", base_dir=repo)
        during = ticks - before
    finally:
        stop.set()
        ticker.join()
    assert during >= 5
