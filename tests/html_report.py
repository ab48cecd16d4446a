"""Reading the HTML report back with html.parser: marked elements, their texts, the document texts.

The parser checks as it goes that every end tag closes the element opened last (valid nesting).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "hr", "input", "link"}
MARKS = ("nq-quote", "nq-cue", "nq-speaker")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    classes: set[str] = field(default_factory=set)
    doc: str | None = None  # id of the document section the element is in
    parent: Element | None = None
    text: list[str] = field(default_factory=list)


class Report(HTMLParser):
    """``parts``: data-part -> [attrs, text of all its fragments]; ``documents``: section id -> text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[Element] = []
        self.elements: list[Element] = []
        self.script_count = 0
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {[e.tag for e in self.stack]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        doc = next((e.attrs.get("id") for e in reversed(self.stack) if "nq-doc" in e.classes), None)
        element = Element(tag, values, set(values.get("class", "").split()), doc, self.stack[-1] if self.stack else None)
        self.script_count += tag == "script"
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1].tag == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(e.tag in ("script", "style") for e in self.stack):
            return
        for element in self.stack:
            element.text.append(data)

    def with_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.classes]

    def grouped(self, name: str, key: str) -> dict[str, tuple[dict[str, str], str]]:
        """Elements of class ``name`` grouped by attribute ``key``: (attrs of the first, joined text)."""
        groups: dict[str, list[Element]] = defaultdict(list)
        for element in self.with_class(name):
            groups[element.attrs[key]].append(element)
        return {k: (v[0].attrs, "".join("".join(e.text) for e in v)) for k, v in groups.items()}

    def child(self, parent: Element, name: str) -> Element:
        """The element of class ``name`` directly inside ``parent``."""
        return next(e for e in self.with_class(name) if e.parent is parent)

    def parts(self) -> dict[str, tuple[dict[str, str], str]]:
        return self.grouped("nq-quote", "data-part")

    def document_texts(self) -> dict[str, str]:
        """Section id -> the text of its ``nq-text`` block (the document as shown)."""
        return {e.doc: "".join(e.text) for e in self.with_class("nq-text") if e.doc}
