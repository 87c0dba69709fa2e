"""Small helpers to read the built site: the pages, their links and their ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


class PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (tag, url) for href/src
        self.assets: list[tuple[str, str]] = []  # (tag, url) of things the browser loads

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.append(a[key])
        if tag == "a" and a.get("href") is not None:
            self.links.append((tag, a["href"]))
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.assets.append((tag, a["src"]))
            self.links.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            # rel=canonical/alternate name an address; these make the browser fetch something
            if rels & {
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "prefetch",
                "manifest",
                "apple-touch-icon",
                "preconnect",
                "dns-prefetch",
            }:
                self.assets.append((tag, a["href"]))
                self.links.append((tag, a["href"]))


def scan(path: Path) -> PageScan:
    p = PageScan()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme and parsed.scheme not in ("data", "blob")) or url.startswith("//")


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL on `page` points at, and its fragment."""
    base = "/" + page.relative_to(site).as_posix()
    parsed = urlparse(urljoin(base, url))
    target = site / unquote(parsed.path).lstrip("/")
    if parsed.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parsed.fragment)
