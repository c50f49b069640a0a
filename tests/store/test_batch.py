"""SqlStore.batch(): many writes in one transaction, all committed or none, visible to reads inside it."""

from __future__ import annotations

import pytest
from sample_results import protest_result, strike_result, talks_result
from sqlalchemy import event

from eventwire.errors import StoreError
from eventwire.model import Reject
from eventwire.store import open_store


def test_batch_commits_every_write_once(store_url: str) -> None:
    with open_store(store_url) as store:
        commits: list[int] = []
        event.listen(store._engine, "commit", lambda connection: commits.append(1))
        with store.batch():
            assert store.add_result(strike_result()) is True
            assert store.add_result(protest_result()) is True
            store.add_reject(Reject("feed.xml", "not-english", "fr"))
            # Reads inside the batch see its writes before the commit.
            assert store.has_article(strike_result().article.id)
            assert store.add_result(strike_result()) is False
            with store.batch():  # a nested batch joins the open one
                assert store.add_result(talks_result()) is True
            assert commits == []
        assert len(commits) == 1
        assert store.counts() == {"articles": 3, "events": 5, "quotes": 1, "rejects": 1}


def test_batch_rolls_back_every_write_on_error(store_url: str) -> None:
    with open_store(store_url) as store:
        with pytest.raises(RuntimeError), store.batch():
            assert store.add_result(strike_result()) is True
            store.add_reject(Reject("feed.xml", "not-english", "fr"))
            raise RuntimeError("the writer died mid-batch")
        assert store.counts() == {"articles": 0, "events": 0, "quotes": 0, "rejects": 0}
        # The store is usable afterwards, inside and outside a batch.
        with store.batch():
            assert store.add_result(strike_result()) is True
        assert store.add_result(protest_result()) is True
        assert store.counts()["articles"] == 2


def test_batch_on_a_closed_store_is_a_store_error(store_url: str) -> None:
    store = open_store(store_url)
    store.close()
    with pytest.raises(StoreError), store.batch():
        pass
