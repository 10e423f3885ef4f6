"""What the article list shows beside a title: tags, open suggestions, reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from reader.annotation.model import PageAnnotations
from reader.text.articles import Article, by_article
from reader.text.spans import Span


@dataclass
class ArticleCount:
    tags: int = 0
    suggestions: int | None = 0  # open suggestions; None: not known yet
    reviewed: bool = False


def count_article(
    annotations: PageAnnotations, article: Article, suggestions: list[Span] | None
) -> ArticleCount:
    """The one way an article's count is made, from its page's annotations and open
    suggestions (None when the extractor has not run on the page yet)."""
    return count_articles(annotations, [article], suggestions)[0]


def count_articles(
    annotations: PageAnnotations, articles: list[Article], suggestions: list[Span] | None
) -> list[ArticleCount]:
    """count_article for each of a page's articles (in page order, not overlapping) in
    one pass: each span is counted in the article it starts in, if it lies inside it."""
    tags = [len(inside) for inside in by_article(articles, annotations.spans)]
    found = None if suggestions is None else [len(inside) for inside in by_article(articles, suggestions)]
    reviewed = {r.article for r in annotations.reviewed}
    return [
        ArticleCount(tags[i], None if found is None else found[i], a.index in reviewed)
        for i, a in enumerate(articles)
    ]
