"""A page of a long list: LIMIT/OFFSET numbers and the links to the pages around it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

PAGE_SIZE = 50
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]


@dataclass(frozen=True)
class Pager:
    path: str
    number: int
    total: int
    size: int = PAGE_SIZE
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def href(self, number: int) -> str:
        query = {key: value for key, value in self.params.items() if value}
        if number > 1:
            query["page"] = str(number)
        return self.path + (f"?{urlencode(query)}" if query else "")
