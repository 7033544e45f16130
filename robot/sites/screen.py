"""Reading a whole screen, and filling a whole form, in one browser call each.

Playwright's per-element calls cost a round trip and actionability checks each (20-40 ms a
fill here); a screen read in one `evaluate` costs a few ms. Elements are still found the way
a person finds them: rows and values by test id, form fields by their label's text, buttons
by their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from robot.errors import ScreenChanged

Fields = dict[str, Any]

# Every [data-testid] inside each matching row: its text, and its data-value/-start/-end where
# the screen gives exact values; plus the row's own data-* attributes (and href) under '@'.
_READ_BODY = """
  const read = (sel) => Array.from(document.querySelectorAll(sel)).map(row => {
    const href = row.getAttribute('href');
    const out = {'@': Object.assign({}, row.dataset, href === null ? {} : {href})};
    for (const el of row.querySelectorAll('[data-testid]')) {
      out[el.dataset.testid] = {text: el.textContent.trim(), value: el.dataset.value ?? null,
                                start: el.dataset.start ?? null, end: el.dataset.end ?? null};
    }
    return out;
  });
  const present = {};
  for (const id of wanted) present[id] = document.querySelector(`[data-testid="${id}"]`) !== null;
  const groups_out = {};
  for (const [name, sel] of Object.entries(groups)) groups_out[name] = read(sel);
  const errors = Array.from(document.querySelectorAll('[data-testid=form-error] li'))
    .map(li => ({text: li.textContent.trim(), reason: li.dataset.reason ?? ''}));
  return {path: location.pathname, present, groups: groups_out, errors};
"""
READ_SCREEN = "([groups, wanted]) => {" + _READ_BODY + "}"
# Another screen of the same system read without leaving this one: the page's own request for
# it (same session), parsed, and read as above. Saves two navigations (there and back). The
# answer is one JSON text: Playwright checks every value of an answer against its protocol in
# Python, which for a page of 500 posted invoices with their lines cost more than the rest of
# reading it (a year of 17,000 postings: 33 s as values, 6 s as text).
FETCH_SCREEN = (
    "async ([path, groups, wanted]) => {"
    " const answer = await fetch(path, {credentials: 'same-origin'});"
    " const html = await answer.text();"
    " const document = new DOMParser().parseFromString(html, 'text/html');"
    " const location = new URL(answer.url);"
    " const status = answer.status;"
    " const result = (() => {" + _READ_BODY + "})();"
    " return JSON.stringify({...result, status});"
    "}"
)

# Fill a form's fields found by their labels' text (the optional ones only where the form has
# them); returns the first required thing not found, or null.
FILL_FORM = """([formId, fields, button, optional]) => {
  const form = document.querySelector(`[data-testid="${formId}"]`);
  if (!form) return `form [data-testid=${formId}]`;
  const labels = Array.from(form.querySelectorAll('label'));
  const find = (text) => {
    const label = labels.find(l => l.textContent.trim() === text);
    return label && (label.control ?? document.getElementById(label.htmlFor));
  };
  for (const [text, value] of fields) {
    const input = find(text);
    if (!input) return `field labelled '${text}'`;
    input.value = value;
  }
  for (const [text, value] of (optional ?? [])) {
    const input = find(text);
    if (input) input.value = value;
  }
  const found = Array.from(form.querySelectorAll('button'))
    .some(b => b.textContent.trim() === button);
  return found ? null : `button '${button}'`;
}"""

SUBMIT_FORM = """([formId, button]) => {
  const form = document.querySelector(`[data-testid="${formId}"]`);
  const b = Array.from(form.querySelectorAll('button')).find(b => b.textContent.trim() === button);
  form.requestSubmit(b);
}"""


@dataclass(frozen=True)
class Snapshot:
    """One screen as read in one call: which elements are there, the rows asked for, errors."""

    screen: str  # e.g. "ERP invoice page", for messages
    path: str
    present: dict[str, bool]
    groups: dict[str, list[Fields]]
    errors: list[dict[str, str]]

    @classmethod
    def from_js(cls, screen: str, raw: dict[str, Any]) -> Snapshot:
        return cls(screen, raw["path"], raw["present"], raw["groups"], raw["errors"])

    def require(self, testid: str, element: str) -> None:
        """The screen must have this element, else it has changed (not a passing fault)."""
        if not self.present.get(testid):
            raise ScreenChanged(page=self.screen, element=f"{element} [data-testid={testid}]")

    def has(self, testid: str) -> bool:
        return bool(self.present.get(testid))

    def rows(self, group: str) -> list[Fields]:
        return self.groups.get(group, [])

    def error_text(self) -> str:
        return " ".join(e["text"] for e in self.errors)

    def error_reasons(self) -> set[str]:
        return {e["reason"] for e in self.errors}
