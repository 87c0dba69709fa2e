"""macros/outputs/search_index.py: the site-search index the build reshapes (pure functions)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.outputs import search_index as si

ROOT = Path(__file__).resolve().parents[2]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: None)


def separator() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)
    return next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)["separator"]


SEP = re.compile(separator())


def test_keys_join_compounds_and_split_code_identifiers():
    keys = si.keys_of(
        "<p>Run <code>nvidia-smi</code>, then an all-reduce, <code>torch.compile</code> and <code>kv_cache</code>.</p>",
        SEP,
    )
    assert {
        "nvidiasmi",
        "nvidia",
        "smi",
        "allreduce",
        "torchcompile",
        "torch",
        "compile",
        "kvcache",
        "kv",
        "cache",
    } <= set(keys)
    assert "all" not in keys and "reduce" not in keys  # prose compounds: the parts are in the text already


def test_keys_hold_acronyms_and_camel_case_not_versions():
    keys = si.keys_of("<p>An H100 with MIG and FP8 in PyTorch, 1F1B, release v1.2.3 or 2.4.</p>", SEP)
    assert {"h100", "mig", "fp8", "pytorch", "1f1b"} <= set(keys)
    assert not {"v123", "123", "24", "an"} & set(keys)


def test_stop_words_become_separators_only_as_whole_words():
    sep = re.compile(si.separator_with_stop_words(separator()))
    assert [t for t in sep.split("Tell me about a conflict with a teammate") if t] == ["Tell", "conflict", "teammate"]
    assert [t for t in sep.split("a Mesh of Anthropic tables") if t] == ["Mesh", "Anthropic", "tables"]
    assert [t for t in sep.split("all-reduce") if t] == ["all", "reduce"]  # "all" stays: all-gather, all-to-all


def test_teaser_cuts_at_the_end_of_a_block():
    text = "<p>" + "word " * 40 + "</p> <p>" + "more " * 100 + "</p>"
    head, rest = si.teaser(text, 300)
    assert head.endswith("</p>") and head.count("<p>") == 1 and rest.strip().startswith("<p>more")
    prompt = "<p>The question</p> <p>" + "long prompt " * 30 + "</p> <p>" + "answer " * 100 + "</p>"
    head, rest = si.teaser(prompt, 300)  # a first paragraph up to twice the limit stays whole
    assert head.endswith("prompt </p>") and rest.strip().startswith("<p>answer")
    one = "<p>" + "word " * 200 + "</p>"
    head, rest = si.teaser(one, 300)
    assert head.endswith("</p> …") and len(head) < 320 and rest
    assert si.teaser("<p>short</p>", 300) == ("<p>short</p>", "")


def index(*docs):
    return {
        "config": {"lang": ["en"], "separator": separator(), "pipeline": ["stopWordFilter"], "fields": {}},
        "docs": list(docs),
    }


def test_shape_keeps_tags_on_the_page_entry_drops_code_and_boosts_overviews():
    shaped = si.shape(
        index(
            {"location": "q/x/", "title": "All-reduce algorithms", "text": "<p>Ring all-reduce.</p>", "tags": ["A"]},
            {
                "location": "topics/t/#code",
                "title": "Code",
                "text": "<p>See</p><pre><code>secret_name = 1</code></pre>",
                "tags": ["A"],
            },
            {"location": "topics/t/", "title": "T", "text": "<p>t</p>"},
        ),
        boost={"topics/t/": 1.2},
    )
    page, section, topic = shaped["docs"]  # a docs page's section: it keeps its (code-free) teaser
    assert page["tags"] == ["A"] and "tags" not in section
    assert page["title_keys"] == ["allreduce"] and "allreduce" not in page.get("keys", [])
    assert section["text"] == "<p>See</p>"  # code blocks leave the text
    assert topic["boost"] == 1.2 and "boost" not in page
    assert shaped["config"]["separator"].startswith(separator() + "|")


def test_rare_words_past_the_teaser_stay_findable():
    filler = "".join(f"<p>Common words {i} go here in every section of the guide.</p>" for i in range(12))
    docs = [{"location": f"q/p{i}/", "title": f"P{i}", "text": filler} for i in range(150)]
    docs.append({"location": "q/rare/", "title": "Rare", "text": filler + "<p>Only here: zanzibar.</p>"})
    shaped = si.shape(index(*docs))
    rare = shaped["docs"][-1]
    assert "zanzibar" not in rare["text"] and "zanzibar" in rare["more"]
    assert "common" not in rare["more"] and "every" not in rare.get("more", [])


def test_a_rare_word_is_kept_once_per_page_by_its_first_entry():
    filler = "".join(f"<p>Common words {i} go here in every section of the guide.</p>" for i in range(3))
    docs = [{"location": f"q/p{i}/#p{i}--answer", "title": "Answer", "text": filler} for i in range(400)]
    docs += [
        {"location": "q/x/", "title": "X", "text": "<p>The prompt of x.</p>"},
        {"location": "q/x/#x--answer", "title": "Answer", "text": filler + "<p>Use zanzibar here.</p>"},
        {"location": "q/x/#x--pitfalls", "title": "Pitfalls", "text": filler + "<p>Zanzibar, then quokka.</p>"},
        {"location": "q/y/#y--answer", "title": "Answer", "text": filler + "<p>Zanzibar, elsewhere.</p>"},
    ]  # 404 entries: a word in at most 4 of them is rare
    shaped = {d["location"]: d for d in si.shape(index(*docs))["docs"]}
    assert "zanzibar" in shaped["q/x/#x--answer"]["more"]
    assert shaped["q/x/#x--pitfalls"]["more"] == ["quokka"]  # its page already holds zanzibar
    assert "zanzibar" in shaped["q/y/#y--answer"]["more"]  # another page keeps its own


def test_question_sections_keep_heading_keys_and_rare_words_not_text():
    filler = "".join(f"<p>Common words {i} go here in every section of the guide.</p>" for i in range(3))
    docs = [{"location": f"q/p{i}/#p{i}--answer", "title": "Answer", "text": filler} for i in range(150)]
    docs += [
        {"location": "q/x/", "title": "X", "text": "<p>The prompt of x.</p>"},
        {
            "location": "q/x/#x--answer",
            "title": "Answer",
            "text": filler + "<p>Set <code>NCCL_DEBUG</code>: zanzibar.</p>",
        },
        {"location": "q/x/#x--related", "title": "Related questions", "text": ""},
        {"location": "topics/t/#intro", "title": "Intro", "text": "<p>A docs page's section keeps its teaser.</p>"},
    ]
    shaped = {d["location"]: d for d in si.shape(index(*docs))["docs"]}
    answer = shaped["q/x/#x--answer"]
    assert answer["text"] == "" and answer["title"] == "Answer"
    assert "zanzibar" in answer["more"] and "common" not in answer["more"]
    assert "nccldebug" in answer["keys"]
    assert shaped["q/x/"]["text"] == "<p>The prompt of x.</p>"  # the page's own entry keeps its teaser
    assert "q/x/#x--related" not in shaped
    assert shaped["topics/t/#intro"]["text"] == "<p>A docs page's section keeps its teaser.</p>"


def test_search_terms_join_the_page_entrys_title_keys():
    docs = [
        {"location": "q/beh-failure/", "title": "A time something you built failed", "text": "<p>Tell it.</p>"},
        {"location": "q/beh-failure/#beh-failure--answer", "title": "Answer", "text": "<p>A story.</p>"},
    ]
    shaped = si.shape(index(*docs), terms={"q/beh-failure/": ["failure", "nvidia-smi", "Built"]})
    page, section = shaped["docs"]
    assert page["title_keys"] == ["failure", "nvidia", "smi", "nvidiasmi"]  # "built" is in the title already
    assert "title_keys" not in section


def test_question_terms_and_overview_boosts_use_the_sites_locations():
    from macros.data.load import load_guide

    guide = load_guide(ROOT)
    terms = si.question_terms(guide)
    assert terms and all(loc.startswith("q/") and loc.endswith("/") for loc in terms)
    assert {q.id for q in guide.questions.values() if q.search_terms} == {loc[2:-1] for loc in terms}
    boosts = si.overview_boosts(guide)
    assert "topics/gpu-cuda/" in boosts and "system-design/" in boosts


def test_the_fixture_project_searches_as_the_site_does():
    """tests/fixtures/mini runs the same reshaped index: its search settings must be the site's."""

    def search_config(path):
        config = yaml.load(path.read_text(encoding="utf-8"), _Loader)
        return next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)

    assert search_config(ROOT / "tests/fixtures/mini/mkdocs.yml") == search_config(ROOT / "mkdocs.yml")


def test_unshown_fields_are_one_string_of_words_the_separator_leaves_whole():
    text = (
        "<p>Call <code>dist.get_rank()</code> and <code>is_ready</code>; set <code>NCCL_DEBUG</code> for "
        "all-reduce in PyTorch on IT's H100 nodes, then zanzibar.</p>" + "<p>Filler words here.</p>" * 40
    )
    docs = [{"location": f"q/p{i}/", "title": f"P{i}", "text": "<p>Other.</p>"} for i in range(150)]
    docs.append({"location": "q/x/", "title": "Use all-gather with torch.compile", "text": text})
    shaped = si.shape(index(*docs))
    doc = shaped["docs"][-1]
    separator = re.compile(shaped["config"]["separator"])
    for field in si.UNSHOWN_FIELDS:
        for word in doc.get(field, []):
            assert separator.split(word) == [word], (field, word)  # lunr keeps it as one token
    assert "get" not in doc["keys"] and "is" not in doc["keys"] and "rank" in doc["keys"]
    wire = si.joined(shaped)["docs"][-1]
    assert all(wire[f] == " ".join(doc[f]) for f in si.UNSHOWN_FIELDS if f in doc)
    assert wire["title"] == doc["title"] and wire["text"] == doc["text"]
