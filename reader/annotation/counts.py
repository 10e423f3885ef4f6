"""What the article list shows beside a title: tags, open suggestions, reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from reader.annotation.model import PageAnnotations
from reader.text.articles import Article
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
    return ArticleCount(
        tags=sum(article.contains(s) for s in annotations.spans),
        suggestions=None if suggestions is None else sum(article.contains(f) for f in suggestions),
        reviewed=annotations.is_reviewed(article.index),
    )
