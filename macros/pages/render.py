"""Turn validated records into Markdown for a page.

Each function takes the page being rendered (its path under docs/) so that links are
relative and MkDocs can check them. Output is Markdown (plus attr_list / md_in_html
attributes) rather than raw HTML wherever a link is involved: MkDocs validates and
rewrites links in Markdown, but not inside raw HTML blocks.

The markup is in macros/pages/templates/ (question_rows.md.j2, question_page.md.j2,
checklist.md.j2, bank_form.html, bank_rows.md.j2, ...; their README.md lists the classes and
`data-*` attributes the scripts read). This module chooses the records, computes the links,
escapes the text and hands both to a template.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict

from ..data.errors import GuideError
from ..data.load import QLINK, Guide, split_front_matter
from ..data.mdtext import _outside_code_spans, escape_html, heading, lines_outside_code
from ..data.memo import Unnamed, digest, memo, records
from ..data.model import KIND_LABELS, Question
from ..data.practice_rules import expected_minutes
from ..data.urls import question_path, question_url, rel_link, slug
from .page_facts import GitDates, count_words, facts, reading_minutes
from .question_pages import RelatedIndex, all_related, neighbours, reading_order
from .templating import Safe, render, sources_digest

LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
QUESTION_PAGES = memo("question-pages")  # a question page's Markdown, across rebuilds in one process
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^//|^/", re.I)


DIFFICULTY_LABELS = {"easy": "Easy", "medium": "Medium", "hard": "Hard"}
# The question bank's orders (bank.js sorts; the page lists the first).
SORTS = {
    "topic": "Topic",
    "title": "Title (A to Z)",
    "difficulty": "Difficulty (easy first)",
    "minutes": "Expected time (shortest first)",
    "practised": "Not practised first",
}


def in_sentence(role: str) -> str:
    """A role as it reads mid-sentence: "Team lead" -> "team lead"; "ML engineer", "CTO" keep
    their capitals (a word's first letter is lowered only when the next one is lower case)."""
    return " ".join(w[0].lower() + w[1:] if len(w) > 1 and w[1].islower() else w for w in role.split(" "))


def one_line(text: str) -> str:
    return " ".join(text.split())


def indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line.strip() else "" for line in text.strip("\n").splitlines())


def section_anchors(body: str, qid: str) -> str:
    """Give each `## ` section of a body a stable anchor under the question's id
    (`<id>--answer`): the ids that links, the practice data and old addresses rely on."""
    out = []
    for line, prose in lines_outside_code(body):
        h = heading(line) if prose else None
        if h and h[0] == 2:
            line = f"## {h[1]} {{: #{qid}--{slug(h[1])} }}"
        out.append(line)
    return "\n".join(out)


def rebase_links(markdown: str, q: Question) -> str:
    """A body is written with links relative to its home (topic) page; on the question's
    own page they are rewritten relative to q/<id>.md. Anchors of the entry's own sections
    stay on its page; other bare anchors point at the home page. Code is left alone."""
    home, here = q.home, question_path(q.id)
    home_dir = posixpath.dirname(home)

    def repl(m: re.Match) -> str:
        target = m.group(2)
        if target.startswith("q:") or EXTERNAL.match(target):
            return m.group(0)
        path, _, anchor = target.partition("#")
        if not path:
            if anchor.startswith(f"{q.id}--") or anchor == q.id:
                return m.group(0)
            path = home
        else:
            path = posixpath.normpath(posixpath.join(home_dir, path))
        return m.group(1) + rel_link(here, path, anchor) + m.group(3)

    def prose(text: str) -> str:
        return _outside_code_spans(text, lambda part: LINK.sub(repl, part))

    return "\n".join(prose(line) if is_prose else line for line, is_prose in lines_outside_code(markdown))


def progress_panel(print_buttons: bool) -> str:
    """The page's saved-progress panel, as guide.js fills it in: the same buttons, disabled
    until it runs, so that the page does not shift when it does. With print buttons, a line
    says which lists a print holds ("Print this list" on each list picks them)."""
    return render("progress_panel.html", print_buttons=print_buttons)


def markdown_text(text: str) -> str:
    """Plain text (a title) written into Markdown so that it shows exactly as it is: no
    HTML, no emphasis, code, links or attribute lists made from its characters."""
    text = html.escape(text, quote=False).replace('"', "&quot;")  # no "&#x27;": its # would be escaped
    return re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", text)  # Markdown's own escapable characters


def page_title(path) -> str:
    """A docs page's title as the reader sees it: front-matter title, else its '# ' heading."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    body = text
    if text.startswith("---"):
        try:
            meta, body = split_front_matter(text, str(path))
        except GuideError:
            meta = {}
        if isinstance(meta.get("title"), str) and meta["title"].strip():
            return meta["title"].strip()
    for line, prose in lines_outside_code(body):
        h = heading(line) if prose else None
        if h and h[0] == 1:
            return h[1]
    name = path.parent.name if path.stem == "index" else path.stem
    return name.replace("-", " ").capitalize()


class Renderer:
    """Renders records for pages; remembers where each question was shown in full."""

    def __init__(self, guide: Guide):
        self.g = guide
        self.listed_on: dict[str, list[str]] = defaultdict(list)  # question id -> pages listing it
        self.progress_panel_on: set[str] = set()  # pages that already have the progress panel
        self._page_titles: dict[str, str] = {}  # docs path -> its title, for study links
        self.dates = GitDates(guide.root)  # last commit of each data file (question pages' dates)

    # ------------------------------------------------------------------ helpers

    def question_or_fail(self, qid: object, page: str, call: str) -> Question:
        if not isinstance(qid, str) or qid not in self.g.questions:
            raise GuideError(
                f"docs/{page}: {call}: unknown question id {qid!r} "
                "(allowed: a file name under data/questions/<topic>/, without .md)"
            )
        return self.g.questions[qid]

    def qlink(self, q: Question, page: str) -> str:
        return rel_link(page, question_path(q.id))

    def resolve_qlinks(self, markdown: str, page: str) -> str:
        """Replace `](q:<id>)` with a relative link to the question's page. A link on the
        question's home page lists it there, as a row does (a table of designs, say)."""

        def repl(m: re.Match) -> str:
            q = self.question_or_fail(m.group(1), page, f"link q:{m.group(1)}")
            if page == q.home:
                self.listed_on[q.id].append(page)
            return f"]({self.qlink(q, page)})"

        return QLINK.sub(repl, markdown)

    def badges(self, q: Question) -> Safe:
        return render(
            "badges.html",
            kind=q.kind,
            kind_label=KIND_LABELS[q.kind],
            difficulty=q.difficulty,
            difficulty_label=DIFFICULTY_LABELS[q.difficulty],
        )

    # ------------------------------------------------------------------ questions

    def question(self, qid: object, page: str) -> str:
        """A question as one row of a list, linking to its page (an anchor on its home page)."""
        q = self.question_or_fail(qid, page, f"question({qid!r})")
        return self.compact([q], page)

    def meta_line(self, q: Question, page: str) -> dict:
        """What question_meta.md.j2 shows of a question, links relative to `page`; names from the
        data are Markdown there, escaped for HTML as every data field is."""
        g = self.g

        def company(c: str) -> dict:
            track = g.companies[c].track
            return {
                "name": escape_html(g.companies[c].name),
                "link": rel_link(page, g.tracks[track].page) if track in g.tracks else "",
            }

        # Reading time (the whole entry) and the last commit of its data file (none without history).
        words = count_words("\n".join([q.prompt, q.short_answer, q.body]))
        return {
            "badges": self.badges(q),
            "minutes": expected_minutes(q),
            "topics": [
                {"title": escape_html(g.topics[t].title), "link": rel_link(page, g.topics[t].page)}
                for t in [q.topic, *q.tags]
            ],
            "rounds": [escape_html(g.round_types[r].title) for r in q.rounds if r in g.round_types],
            "companies": [company(c) for c in g.companies_of(q.id)],
            "asked": [
                {
                    "label": round_label(r.id),
                    "link": rel_link(page, "the-loop.md", r.id),
                    "interviewer": escape_html(in_sentence(r.interviewer)),
                }
                for r in g.asked_in(q.id)
            ],
            "as_of": escape_html(q.as_of or ""),
            "facts": facts(reading_minutes(words), self.dates.date_of(q.source)),
        }

    def full(
        self,
        q: Question,
        prev: Question | None = None,
        nxt: Question | None = None,
        related: list[Question] | None = None,
    ) -> str:
        """The Markdown of a question's own page (q/<id>.md): the whole entry, then where to go next."""
        page = question_path(q.id)
        home = self.g.topics[q.topic].title if q.topic in self.g.topics else q.topic

        def neighbour(other: Question | None) -> dict | None:
            return {"title": escape_html(other.title), "link": self.qlink(other, page)} if other else None

        return render(
            "question_page.md.j2",
            id=q.id,
            # Braces are escaped too: attr_list would read a `{` in the title as attributes.
            title=escape_html(q.title).replace("{", "&#123;").replace("}", "&#125;"),
            meta=self.meta_line(q, page),
            prompt=indent(escape_html(q.prompt)),
            short_answer=indent(escape_html(q.short_answer)),
            body=section_anchors(self.with_diagrams(self.resolve_qlinks(rebase_links(q.body, q), page), q), q.id),
            related=self.compact(related, page) if related else "",
            prev=neighbour(prev),
            next=neighbour(nxt),
            up={"title": markdown_text(home), "link": rel_link(page, q.home)},
        )

    def with_diagrams(self, body: str, q: Question) -> str:
        """The body with the question's diagrams drawn under its '## Architecture' section
        (before that section's next '## ' heading), else before '## Pitfalls'."""
        if not q.diagrams:
            return body
        from ..diagrams import render_html

        art = "\n".join("\n" + render_html(self.g.diagrams[d]) + "\n" for d in q.diagrams)
        lines = list(lines_outside_code(body))
        h2 = [
            (i, heading(line)[1])
            for i, (line, prose) in enumerate(lines)
            if prose and heading(line) and heading(line)[0] == 2
        ]
        names = [name for _, name in h2]
        if "Architecture" in names:
            k = names.index("Architecture")
            at = h2[k + 1][0] if k + 1 < len(h2) else len(lines)
        else:
            at = h2[names.index("Pitfalls")][0] if "Pitfalls" in names else len(lines)
        out = [line for line, _ in lines]
        return "\n".join(out[:at] + [art, ""] + out[at:])

    def compact(self, qs: list[Question], page: str) -> str:
        """Questions as a list: title (linking to its page), kind, difficulty, expected time, the
        reader's practised mark (guide.js shows it) and the prompt on one line. On a question's
        home page its row carries the question's id, so old `page/#<id>` addresses still land
        on it (and guide.js forwards them to the question's page)."""
        rows = []
        for q in qs:
            home = page == q.home
            if home:
                self.listed_on[q.id].append(page)
            rows.append(
                {
                    "id": q.id,
                    "home": home,
                    "title": escape_html(q.title),
                    "link": self.qlink(q, page),
                    "badges": self.badges(q),
                    "minutes": expected_minutes(q),
                    "mark": practised_mark(q.id),
                    "prompt": escape_html(one_line(q.prompt)),
                }
            )
        return render("question_rows.md.j2", rows=rows)

    def questions(self, page: str, topic=None, kind=None, difficulty=None, company=None, round=None) -> str:
        call = (
            f"questions(topic={topic!r}, kind={kind!r}, difficulty={difficulty!r}, "
            f"company={company!r}, round={round!r})"
        )
        checks = [
            ("topic", topic, self.g.topics),
            ("company", company, self.g.companies),
            ("round", round, self.g.round_types),
            ("kind", kind, KIND_LABELS),
            ("difficulty", difficulty, DIFFICULTY_LABELS),
        ]
        for name, value, pool in checks:
            if value is not None and value not in pool:
                raise GuideError(f"docs/{page}: {call}: unknown {name} {value!r} (allowed: {', '.join(sorted(pool))})")
        qs = [
            q
            for q in self.g.questions.values()
            if (topic is None or q.topic == topic or topic in q.tags)
            and (kind is None or q.kind == kind)
            and (difficulty is None or q.difficulty == difficulty)
            and (company is None or company in self.g.companies_of(q.id))
            and (round is None or round in q.rounds)
        ]
        if not qs:
            raise GuideError(f"docs/{page}: {call}: matches no question (allowed: filters that match at least one)")
        qs.sort(key=lambda q: q.id)
        return self.compact(qs, page)

    # ------------------------------------------------------------------ checklists

    def checklist(self, cid: object, page: str) -> str:
        if not isinstance(cid, str) or cid not in self.g.checklists:
            raise GuideError(
                f"docs/{page}: checklist({cid!r}): unknown checklist id "
                "(allowed: a file name under data/checklists/, without .yml)"
            )
        c = self.g.checklists[cid]
        panel = ""
        if page not in self.progress_panel_on:
            # One panel per page, before its first checklist; guide.js wires its buttons.
            self.progress_panel_on.add(page)
            panel = progress_panel(print_buttons=True)
        sections = []
        for s in c.sections:
            entries = []
            for item in s.items:
                study = None
                if item.link:
                    target, title = self._study_target(item.link, page)
                    study = {"link": target, "title": markdown_text(title)}
                entries.append(
                    {"id": item.id, "text": self.resolve_qlinks(escape_html(item.text), page), "study": study}
                )
            sections.append({"title": html.escape(s.title), "entries": entries})
        return render(
            "checklist.md.j2",
            panel=panel,
            id=c.id,
            total=sum(len(s.items) for s in c.sections),
            title=html.escape(c.title),
            intro=self.resolve_qlinks(escape_html(c.intro.strip()), page) if c.intro else "",
            sections=sections,
        )

    def _study_target(self, link: str, page: str) -> tuple[str, str]:
        """A checklist item's study link: (relative target, title of what it opens)."""
        if link.startswith("q:"):
            q = self.g.questions[link[2:]]
            return self.qlink(q, page), q.title
        path, _, anchor = link.partition("#")
        docs = self.g.docs_dir or self.g.root / "docs"
        if path not in self._page_titles:  # read once per build, not once per item
            self._page_titles[path] = page_title(docs / path)
        return rel_link(page, path, anchor), self._page_titles[path]

    # ------------------------------------------------------------------ tracks, loop, plans

    def track(self, tid: object, page: str) -> str:
        if not isinstance(tid, str) or tid not in self.g.tracks:
            raise GuideError(
                f"docs/{page}: track({tid!r}): unknown track id (allowed: a file name under data/tracks/, without .yml)"
            )
        t = self.g.tracks[tid]
        by_kind: dict[str, list[Question]] = defaultdict(list)
        for qid in t.questions:
            by_kind[self.g.questions[qid].kind].append(self.g.questions[qid])
        return render(
            "track.md.j2",
            id=t.id,
            focus_areas=[self.resolve_qlinks(escape_html(a), page) for a in t.focus_areas],
            technologies=[
                {"name": escape_html(x.name), "why": one_line(self.resolve_qlinks(escape_html(x.why), page))}
                for x in t.technologies
            ],
            kinds=[
                {"kind": kind, "label": label, "rows": self.compact(by_kind[kind], page)}
                for kind, label in KIND_LABELS.items()
                if by_kind.get(kind)
            ],
            checklists=[self.checklist(cid, page) for cid in t.checklists],
        )

    def loop(self, page: str) -> str:
        if not self.g.loop:
            raise GuideError(f"docs/{page}: loop(): data/loop.yml has no rounds (allowed: add the rounds)")
        rounds = []
        for r in self.g.loop:
            rows = []
            for qid in r.questions:
                q = self.g.questions[qid]
                rows.append(
                    {
                        "title": escape_html(q.title),
                        "link": self.qlink(q, page),
                        "badges": self.badges(q),
                        "mark": practised_mark(q.id),
                        "prompt": escape_html(one_line(q.prompt)),
                    }
                )
            rounds.append(
                {
                    "id": r.id,
                    "label": round_label(r.id),
                    "interviewer": escape_html(r.interviewer),
                    "note": self.resolve_qlinks(escape_html(r.note.strip()), page) if r.note else "",
                    "rows": rows,
                }
            )
        return render("loop.md.j2", rounds=rounds)

    def plan(self, pid: object, page: str) -> str:
        if not isinstance(pid, str) or pid not in self.g.plans:
            raise GuideError(
                f"docs/{page}: plan({pid!r}): unknown plan id "
                f"(allowed: {', '.join(sorted(self.g.plans)) or 'ids in data/plans.yml'})"
            )
        p = self.g.plans[pid]
        blocks = []
        for b in p.blocks:
            checklists = []
            for cid in b.checklists:
                target = self._checklist_home(cid, page)
                if target:
                    checklists.append({"title": escape_html(self.g.checklists[cid].title), "link": target})
            blocks.append(
                {
                    "title": escape_html(b.title),
                    "slug": slug(b.title),
                    "goals": [self.resolve_qlinks(escape_html(goal), page) for goal in b.goals],
                    "rows": self.compact([self.g.questions[q] for q in b.questions], page) if b.questions else "",
                    "checklists": checklists,
                }
            )
        return render(
            "plan.md.j2", id=p.id, summary=self.resolve_qlinks(escape_html(p.summary.strip()), page), blocks=blocks
        )

    def _checklist_home(self, cid: str, page: str) -> str:
        return rel_link(page, "checklists/index.md", f"checklist-{cid}")

    def round_types(self, page: str) -> str:
        def cell(text: str) -> str:  # a table cell: no HTML, and a "|" stays in its cell
            return escape_html(text).replace("|", "\\|")

        rounds = [
            {"title": cell(r.title), "minutes": r.minutes, "tests": [cell(t) for t in r.tests]}
            for r in self.g.round_types.values()
        ]
        return render("round_types.md.j2", rounds=rounds)

    # ------------------------------------------------------------------ question bank

    def question_bank(self, page: str) -> str:
        """Every question as a list item; the marker span carries the facets for the filters."""
        rows = []
        for q in sorted(self.g.questions.values(), key=lambda q: (q.topic, q.title.lower())):
            # The facets, as bank.js reads them (space-separated ids), escaped for an attribute.
            facets = {
                "id": q.id,
                "kind": q.kind,
                "difficulty": q.difficulty,
                "topics": " ".join([q.topic, *q.tags]),
                "companies": " ".join(self.g.companies_of(q.id)),
                "rounds": " ".join(q.rounds),
                "minutes": str(expected_minutes(q)),  # for sorting by expected time
            }
            rows.append(
                {k: html.escape(v) for k, v in facets.items()}
                | {
                    "title": escape_html(q.title),
                    "title_attr": html.escape(q.title),
                    "link": self.qlink(q, page),
                    "badges": self.badges(q),
                    "topic_names": html.escape(", ".join(self.g.topics[t].title for t in [q.topic, *q.tags])),
                    "prompt": escape_html(one_line(q.prompt)),
                }
            )
        return self.bank_form(page) + "\n" + render("bank_rows.md.j2", rows=rows)

    def bank_form(self, page: str) -> str:
        """The bank's filter form, rendered here so the page does not shift when bank.js
        wires it up. Controls stay disabled until then; without JavaScript the form and
        the progress buttons are hidden by CSS (`@media (scripting: none)`)."""
        qs = list(self.g.questions.values())
        facets = [
            ("kind", "Kind", KIND_LABELS, lambda q: [q.kind]),
            ("difficulty", "Difficulty", DIFFICULTY_LABELS, lambda q: [q.difficulty]),
            ("rounds", "Round", {r.id: r.title for r in self.g.round_types.values()}, lambda q: q.rounds),
            ("topics", "Topic", {t.id: t.title for t in self.g.topics.values()}, lambda q: [q.topic, *q.tags]),
            (
                "companies",
                "Company",
                {c.id: c.name for c in self.g.companies.values()},
                lambda q: self.g.companies_of(q.id),
            ),
        ]
        sets = []
        for key, legend, labels, values_of in facets:
            counts = {v: sum(v in values_of(q) for q in qs) for v in labels}
            boxes = [{"value": v, "label": label, "count": counts[v]} for v, label in labels.items() if counts[v]]
            # long lists run in lines, not one tall column
            sets.append({"key": key, "legend": legend, "flow": len(labels) > 6, "boxes": boxes})
        self.progress_panel_on.add(page)
        form = render("bank_form.html", sorts=list(SORTS.items()), facets=sets, total=len(qs))
        return progress_panel(print_buttons=False) + "\n\n" + form + "\n\n"

    # ------------------------------------------------------------------ question pages

    def question_pages(self) -> list[tuple[str, str]]:
        """(docs path, Markdown) of every question's own page, front matter included."""
        order = reading_order(self.g)
        everyone = all_related(self.g, RelatedIndex(self.g))
        shared = self.pages_key()
        texts = {qid: records(q) for qid, q in self.g.questions.items()} if shared else {}
        out = []
        for q in self.g.questions.values():
            before, after = neighbours(order, q)
            prev, nxt, rel = self.g.questions.get(before), self.g.questions.get(after), everyone[q.id]
            # A rebuild under `mkdocs serve` reuses a page whose records did not change: the key
            # is everything question_page() reads (the question, its neighbours and related
            # questions, its data file's date, the rest of the guide, the templates).
            key = None
            if shared:
                around = [texts[o.id] if o else "-" for o in (prev, nxt, *rel)]
                key = digest(shared, texts[q.id], *around, str(self.dates.date_of(q.source)))
            page = QUESTION_PAGES.through(key, self.question_page, q, prev, nxt, rel)
            out.append((question_path(q.id), page))
        return out

    def pages_key(self) -> str | None:
        """What every question page reads besides its own questions: the guide's other records,
        every question id (links), the templates."""
        g = self.g
        try:
            other = records(g.topics, g.companies, g.round_types, g.checklists, g.tracks, g.plans, g.loop)
            return digest(other, records(g.diagrams, g.hardware), *sorted(g.questions), sources_digest())
        except Unnamed:
            return None

    def question_page(self, q: Question, prev: Question | None, nxt: Question | None, rel: list[Question]) -> str:
        """The Markdown of a question's own page, front matter included."""
        tags = [self.g.topics[t].title for t in [q.topic, *q.tags] if t in self.g.topics]
        tags += [self.g.companies[c].name for c in self.g.companies_of(q.id)]
        # Material writes these into <title> and <meta> as they are: plain text, escaped here.
        meta = {"title": head_text(q.title), "description": head_text(q.prompt)[:300], "tags": sorted(set(tags))}
        front = "---\n" + "".join(f"{k}: {json_scalar(v)}\n" for k, v in meta.items()) + "---\n\n"
        return front + self.full(q, prev, nxt, rel)

    # ------------------------------------------------------------------ end of build

    def check_homes(self) -> None:
        """Every question is listed on its home page (its topic's page, or `page:`), so the
        topic's overview is complete and old addresses (`page/#<id>`) still land on it."""
        for q in self.g.questions.values():
            if q.home not in self.listed_on.get(q.id, []):
                raise GuideError(
                    f"{q.source}: question '{q.id}': field 'page': docs/{q.home} does not list it "
                    f"(allowed: add {{{{ question('{q.id}') }}}} or a [title](q:{q.id}) link "
                    f"to docs/{q.home})"
                )

    def redirect_pages(self) -> list[tuple[str, str]]:
        """(site path, HTML) of a small page at each moved address (a question's `moved_from`) that
        forwards to the question's page, keeping the #anchor (assets/redirect.js); without
        JavaScript the meta refresh forwards, without the anchor."""
        out = []
        moved = sorted((old, q.id) for q in self.g.questions.values() for old in q.moved_from)
        for old, qid in moved:
            folder = old[: -len(".md")]
            depth = folder.count("/") + 1
            up = "../" * depth
            target = up + question_url(qid)
            page = render("redirect_page.html", title=self.g.questions[qid].title, target=target, up=up)
            out.append((f"{folder}/index.html", page + "\n"))
        return out


def head_text(markdown: str) -> str:
    """A record's text as the page head needs it: one line, no Markdown code marks, HTML-escaped
    (quotes too: Material puts the description inside an attribute without escaping it)."""
    return html.escape(one_line(markdown).replace("`", ""), quote=True)


def json_scalar(value) -> str:
    """A front-matter value: JSON is valid YAML, and quotes every character that YAML would read."""
    import json

    return json.dumps(value, ensure_ascii=False)


def practised_mark(qid: str) -> str:
    """The reader's "practised" badge on a row that lists a question: hidden until guide.js
    finds the question marked practised in this browser."""
    return render("practised_mark.html", id=qid)


def round_label(rid: str) -> str:
    kind, num = rid.split("-")
    return f"{kind.capitalize()} round {int(num)}"
