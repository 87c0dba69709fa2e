"""Shape the site-search index that Material's search plugin wrote, at the end of the build.

Material's search runs lunr in the browser over `search/search_index.json`: one entry per
page and per section, each with a title, a text and the page's tags. How it ranks follows
from what the entries hold and from the field boosts (mkdocs.yml, `plugins: search: fields`),
so this module rewrites the entries; Material's code is not touched, its worker reads the
file as always. What it does, and why (the queries of tests/browser/search_queries.yml
measure it):

- **Identifiers, whole and in parts.** The separator splits `all-reduce`, `kv_cache`,
  `torch.compile` and `NCCL_DEBUG` into their parts, and so does the query: lunr itself
  splits a query at hyphens, whatever the separator says. Each entry gets `keys` (indexed,
  never shown) with what else a reader may type: every compound joined (`allreduce`,
  `nvidiasmi`: the typed prefix `all*` of `all-reduce` matches it too, so pages that use the
  identifier beat pages that only share its first part), for a compound in code its parts as
  keys as well, camel case joined (`pytorch`) and acronyms (`MIG`, `H100`, `FP8`: the key
  `mig` outranks `migration`, which matches only the prefix). Compounds of a heading go to
  `title_keys`, weighted as the title.
- **No stop words in queries.** Material puts a trailing wildcard on every word of a query,
  and a wildcard skips lunr's stop-word filter: "conflict with a teammate" also searched for
  every word starting with "a" and "with", and a GPU page came first. lunr's stop words
  (not in the index anyway) are added to the separator, so they leave the query too.
- **Tags once per page.** Material copies a page's tags onto every section; only the page's
  own entry keeps them.
- **A teaser, not the whole text.** Code blocks leave the text (their identifiers are in
  `keys`), and each text is cut to about TEASER characters at the end of a block: that is
  what a result shows. The words of the rest that are rare across the site (in at most RARE
  of the entries: names, tools, terms of art) stay findable in `more`, weighted as text;
  common words past the teaser are dropped. A page's rare word is kept once, by the first
  of its entries that has it (the page's own, or its first section that uses it): search
  finds the page all the same, and the index is not paying for it in every section (a
  tenth of the index with Brotli).
- **A question's sections by their headings.** On a question's page only the page's own
  entry (title, prompt, short answer) keeps a teaser; each section keeps its heading, its
  identifiers and its rare words, so a search still lands on the section, whose heading the
  result shows. The sections' teasers were two thirds of the index (372 KB with Brotli for
  233 questions; 225 KB without them), and the index must stay under 400 KB at twice the
  content (BENCHMARKS.md). A "Related questions" section holds only rows that search leaves
  out (they are indexed on their own pages), so it has no entry at all.
- **Search terms.** A question's `search_terms` (front matter: what readers type that its
  title does not say, such as "failure" for "A time something you built failed") join its
  page entry's title keys.
- **Overview pages first among equals.** Topic and track pages get a small boost, so a
  topic's or company's name finds its page before the questions that carry it as a tag.

`shape(index, boost, terms)` is a pure function over the parsed JSON; `rewrite(site_dir, boost,
terms)` applies it in place. Under Zensical (no MkDocs plugins) the index stays as written.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..data.memo import digest, memo
from ..data.urls import QUESTION_FOLDER, doc_url, question_url

KEYS = memo("search-keys")  # keys_of() of a text, across the rebuilds of one process

PRE = re.compile(r"<pre>.*?</pre>", re.S)
TAG = re.compile(r"<[^>]+>")
# A word made of parts joined by hyphens, underscores or dots: all-reduce, kv_cache,
# torch.compile, NCCL_DEBUG, nvidia-smi, e2e-latency. Version numbers (1.2.3) are not.
COMPOUND = re.compile(r"(?<![\w.-])[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+(?![\w-]|\.\w)")
CAMEL = re.compile(r"\b[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+\b")  # PyTorch, AllReduce, TorchServe
ACRONYM = re.compile(r"\b(?=[0-9]*[A-Z])[A-Z0-9]{2,}\b")  # MIG, H100, FP8, 1F1B
WORD = re.compile(r"[a-z0-9]")
# lunr's English stop words, which its pipeline leaves out of the index, less "all" (typed as
# the first part of all-reduce, all-gather, all-to-all). Material adds a trailing wildcard to
# every word of a query, and a wildcard skips the stop-word filter, so "tell me about a
# failure" searched for every word starting with "a" and "me" (memory, metrics ...): ranked
# by those, a GPU page came first. As separators they are gone from the query, as they are
# from the index.
STOP_WORDS = (
    "a able about across after almost also am among an and any are as at be because been but by "
    "can cannot could dear did do does either else ever every for from get got had has have he "
    "her hers him his how however i if in into is it its just least let like likely may me might "
    "most must my neither no nor not of off often on only or other our own rather said say says "
    "she should since so some than that the their them then there these they this tis to too "
    "twas us wants was we were what when where which while who whom why will with would yet you "
    "your"
).split()
STOPS = frozenset(STOP_WORDS)


def separator_with_stop_words(separator: str) -> str:
    """The separator, plus each stop word as a whole word (lower case or capitalised)."""
    words = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in STOP_WORDS)
    return f"{separator}|\\b(?:{words})\\b"


def plain(text: str) -> str:
    return html.unescape(TAG.sub(" ", text))


CODE = re.compile(r"<code>(.*?)</code>", re.S)


def keys_of(text: str, separator: re.Pattern) -> list[str]:
    """What a reader may type for the identifiers in `text` (HTML of an index entry), lower
    case, each once: every compound joined (`all-reduce` -> `allreduce`); for one in code
    (`nvidia-smi`, `torch.compile`, `kv_cache`) its parts too, so that each part of the
    query matches a key as well; camel-case words joined; acronyms."""
    out: dict[str, None] = {}

    def add(word: str) -> None:
        word = word.lower()
        # A stop word ("get" of get_rank, "is" of is_ready) is dropped by lunr's pipeline anyway.
        if len(word) > 1 and WORD.search(word) and not word.isdigit() and word not in STOPS:
            out[word] = None

    def compounds(part: str, code: bool) -> None:
        for m in COMPOUND.finditer(part):
            word = m.group(0)
            if re.fullmatch(r"v?[\d.]+", word, re.I):  # a version, not a name
                continue
            add(re.sub(r"[-_.]", "", word))
            if code:
                for p in re.split(r"[-_.]+", word):
                    add(p)

    for m in CODE.finditer(text):
        compounds(plain(m.group(1)), code=True)
    prose = plain(CODE.sub(" ", text))
    compounds(prose, code=False)
    whole = plain(text)
    for m in CAMEL.finditer(whole):
        add(m.group(0))
    for m in ACRONYM.finditer(whole):
        add(m.group(0))
    return list(out)


def cached_keys(text: str, separator: re.Pattern) -> list[str]:
    """keys_of(), reused on a rebuild for a text seen in the last build (`mkdocs serve`)."""
    return KEYS.through(digest(separator.pattern, text), lambda: keys_of(text, separator))


def words_in(text: str) -> frozenset[str]:
    """The prose words of an entry's HTML (lower case), reused on a rebuild."""
    return KEYS.through(digest("words", text), lambda: frozenset(PROSE_WORD.findall(plain(text).lower())))


def title_words(title: str, separator: re.Pattern) -> frozenset[str]:
    """The words of a title as the separator splits it (lower case), reused on a rebuild."""
    key = digest("title", separator.pattern, title)
    return KEYS.through(key, lambda: frozenset(w.lower() for w in separator.split(plain(title)) if w))


TEASER = 250  # characters of a section's text kept as its text (what a result shows)
RARE = 0.01  # a word in at most this share of the entries is kept as a key when its text is cut
PROSE_WORD = re.compile(r"[a-z][a-z0-9]{3,}")


BLOCK_END = re.compile(r"</(?:p|li|ul|ol)>")


def teaser(text: str, limit: int = TEASER) -> tuple[str, str]:
    """(the start of an entry's text that a result shows, the rest), cut at the end of a
    block: the last one within `limit`, or, when that leaves less than half of it (a long
    first paragraph, such as a question's prompt), the end of the next block if it is within
    twice the limit; else at a word, closing the tags left open there."""
    if len(text) <= limit:
        return text, ""
    ends = [m.end() for m in BLOCK_END.finditer(text)]
    within = [e for e in ends if e <= limit]
    cut = within[-1] if within else 0
    if cut < limit // 2:
        after = [e for e in ends if limit < e <= 2 * limit]
        cut = after[0] if after else 0
    if cut:
        return text[:cut], text[cut:]
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > 0 else limit
    head = text[:cut]
    opened = re.findall(r"<(p|li|ul|ol|code|sub|sup)>", head)
    closed = re.findall(r"</(p|li|ul|ol|code|sub|sup)>", head)
    for tag in reversed(opened[: max(0, len(opened) - len(closed))]):
        head += f"</{tag}>"
    return head + " …", text[cut:]


def is_question_section(location: str) -> bool:
    return location.startswith(QUESTION_FOLDER + "/") and "#" in location


def term_keys(term: str, separator: re.Pattern) -> list[str]:
    """A search term as keys: its words and, for more than one, the words joined
    (`nvidia-smi` -> nvidia, smi, nvidiasmi), lower case."""
    words = [w.lower() for w in separator.split(term) if w]
    return words + (["".join(words)] if len(words) > 1 else [])


def shape(
    index: dict,
    boost: dict[str, float] | None = None,
    terms: dict[str, list[str]] | None = None,
    limit: int = TEASER,
) -> dict:
    """The index with keys, tags on page entries only, code blocks out of the text, each text
    cut to a teaser whose rest leaves its rare words as keys (a question's sections: no teaser),
    no entries for "Related questions" sections, `boost` (location -> factor) on those pages'
    own entries (a page's `search.boost` front matter, if any, wins) and `terms` (location ->
    search terms) in those entries' title keys."""
    config = {**index["config"], "separator": separator_with_stop_words(index["config"]["separator"])}
    separator = re.compile(config["separator"])
    docs = [
        dict(doc, text=PRE.sub("", doc.get("text", "")).strip())
        for doc in index["docs"]
        if not (is_question_section(doc["location"]) and doc["location"].endswith("--related"))
    ]
    prose = [words_in(d["text"]) for d in docs]
    df: dict[str, int] = {}
    for words in prose:
        for w in words:
            df[w] = df.get(w, 0) + 1
    rare = max(1, int(RARE * len(docs)))
    kept: dict[str, set[str]] = {}  # page -> the rare words an earlier entry of it holds
    for doc in docs:
        title = doc.get("title", "")
        words = title_words(title, separator)
        heading = [k for k in cached_keys(title, separator) if k not in words]
        for term in (terms or {}).get(doc["location"], []):
            heading += [k for k in term_keys(term, separator) if k not in words and k not in heading]
        keys = [k for k in cached_keys(doc["text"], separator) if k not in words and k not in heading]
        if is_question_section(doc["location"]):
            doc["text"], rest = "", doc["text"]
        else:
            doc["text"], rest = teaser(doc["text"], limit)
        if rest:
            shown = words_in(doc["text"]) | words | set(keys)
            page = kept.setdefault(doc["location"].split("#")[0], set())
            more = sorted(
                w
                for w in words_in(rest)
                if df.get(w, 0) <= rare and w not in shown and w not in STOPS and w not in page
            )
            page.update(more)
            if more:
                doc["more"] = more
        if heading:
            doc["title_keys"] = heading
        if keys:
            doc["keys"] = keys
        if "#" in doc["location"]:
            doc.pop("tags", None)
        elif boost and doc["location"] in boost and "boost" not in doc:
            doc["boost"] = boost[doc["location"]]
    return {**index, "config": config, "docs": docs}


OVERVIEW_BOOST = 1.2


def overview_boosts(guide) -> dict[str, float]:
    """Topic and track pages, a little above the question pages they list: "Kubernetes" finds
    the Kubernetes page before "Do you have experience with Kubernetes?", a company's name its
    track page (the pages tagged with the company then follow)."""
    pages = [t.page for t in guide.topics.values()] + [t.page for t in guide.tracks.values()]
    return {doc_url(p): OVERVIEW_BOOST for p in pages}


def question_terms(guide) -> dict[str, list[str]]:
    """Each question's search terms, by the search location of its page."""
    return {question_url(q.id): q.search_terms for q in guide.questions.values() if q.search_terms}


def rewrite(site_dir: Path, boost: dict[str, float] | None = None, terms: dict[str, list[str]] | None = None) -> None:
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():  # search disabled, or another builder's index
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(
        json.dumps(joined(shape(index, boost, terms)), separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )


UNSHOWN_FIELDS = ("title_keys", "keys", "more")


def joined(index: dict) -> dict:
    """The fields search reads but never shows, each as one string of its words: lunr splits a
    string at the separator into the same tokens it takes from a list (no word of these holds a
    separator character), and the file is a tenth smaller raw, which the browser parses and copies
    to the search worker on every first view."""
    docs = [{k: " ".join(v) if k in UNSHOWN_FIELDS else v for k, v in d.items()} for d in index["docs"]]
    return {**index, "docs": docs}
