"""The calculators in Chromium: inputs typed into the real pages give exactly what the Python
reference (macros/data/napkin.py) gives, output for output; the inputs live in the address; bad
input is refused beside its field; the pages work on a phone, print cleanly and pass axe."""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from macros.data import napkin
from macros.data.hardware import load_hardware

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
GPUS = napkin.gpus_from(load_hardware(ROOT))
PHONE = {"width": 390, "height": 844}

# Inputs to type, per calculator: worked examples of the pages and questions, and corners
# (custom accelerators, selects that hide and show fields, per-node rates, optional fields).
CASES = {
    "training-memory": [
        {"params": "7.5", "dp": "64", "zero": "1"},
        {"params": "70", "layers": "80", "hidden": "8192", "heads": "64", "zero": "1", "dp": "2", "tp": "8", "pp": "4"},
        {
            "precision": "fp32",
            "optimizer": "sgdm",
            "flash": "0",
            "ckpt": "full",
            "tp": "4",
            "sp": "0",
            "gpu": "custom",
            "gpu_mem": "24",
            "reserve": "5",
            "seq": "2048",
            "mb": "2",
        },
        {"precision": "fp8", "optimizer": "adam8", "gpu": "mi300x", "zero": "2", "params": "1,000"},
    ],
    "inference-memory": [
        {"attn": "mha", "params": "7", "layers": "32", "qheads": "32", "tp": "1", "gpu": "a100-80gb"},
        {"kvprec": "fp8", "wprec": "fp8", "ctx": "32768", "tp": "8", "gpu": "h200"},
        {"attn": "mqa", "tp": "16", "params": "405"},
        {"gpu": "custom", "gpu_mem": "48", "util": "85", "overhead": "0.5", "params": "8", "tp": "1"},
    ],
    "collective": [
        {"op": "allgather", "size": "1.75", "n": "8", "link": "nic-400"},
        {"op": "alltoall", "size": "712", "unit": "MB", "n": "64", "link": "custom", "bw": "45"},
        {"algo": "tree", "size": "4", "unit": "KB", "n": "1024", "lat": "5"},
        {"op": "reducescatter", "link": "su-gb200", "n": "72", "size": "100", "unit": "MB", "lat": "0"},
    ],
    "roofline": [
        {"batch": "64"},
        {"mode": "prefill", "prompt": "8000", "gpu": "b200", "prec": "fp8"},
        {"mode": "custom", "gflop": "500", "gbytes": "2", "gpu": "custom", "peak": "2000", "membw": "8"},
        {"wprec": "int4", "kvprec": "fp8", "ctx": "32768", "batch": "16", "gpu": "mi355x", "prec": "fp4"},
    ],
    "training-time": [
        {"params": "405", "tokens": "15600", "gpus": "16384", "mfu": "38"},
        {
            "mode": "total",
            "total": "3.8e25",
            "gpus": "16384",
            "gpu": "b200",
            "prec": "fp8",
            "mfu": "30",
            "price": "2.5",
        },
        {"gpu": "custom", "peak": "500", "gpus": "64", "params": "7", "tokens": "1000", "price": "1"},
    ],
    "failures": [
        {"gpus": "65536", "ckpt": "60", "restart": "15"},
        {"per": "node", "gpn": "8", "mtbf": "6000", "gpus": "4096", "upload": "240", "ckpt": "3"},
        {"interval": "30", "gpus": "1024"},
    ],
    "serving-fleet": [
        {
            "rps": "400",
            "tin": "1000",
            "tout": "250",
            "prefill": "14300",
            "decode": "5900",
            "headroom": "20",
            "spares": "0",
        },
        {"basis": "gpu", "prefill": "5000", "decode": "700", "gpr": "8"},
        {"basis": "concurrency", "rps": "200", "latency": "0.5", "conc": "16", "headroom": "30"},
    ],
}


def url(page, calc_id: str, query: str = "") -> str:
    return page.base + f"calculators/{calc_id}/" + (f"?{query}" if query else "")


def ready(page, calc_id: str) -> None:
    page.wait_for_selector(f"form#calc-{calc_id}[data-ready]")


def state_is(page, calc_id: str, query: str) -> None:
    """Wait until the form has computed these inputs (calc.js writes their query as data-state)."""
    page.wait_for_function(
        "([id, q]) => document.getElementById(id).getAttribute('data-state') === q", arg=[f"calc-{calc_id}", query]
    )


def control(page, calc_id: str, name: str):
    return page.locator(f"#calc-{calc_id} [data-field='{name}'] input, #calc-{calc_id} [data-field='{name}'] select")


def type_inputs(page, calc_id: str, raw: dict[str, str]) -> None:
    """Selects and boxes first (they decide which number fields show), then the numbers."""
    fields = napkin.FIELDS[calc_id]
    for name, value in raw.items():
        kind = fields[name].kind
        if kind == "select":
            control(page, calc_id, name).select_option(value)
        elif kind == "check":
            control(page, calc_id, name).set_checked(value == "1")
    for name, value in raw.items():
        if fields[name].kind == "number":
            control(page, calc_id, name).fill(value)


def shown(page, calc_id: str) -> dict[str, tuple[str, str]]:
    return page.evaluate(
        """(id) => {
        const out = {};
        document.querySelectorAll('#calc-' + id + '-results [data-out]').forEach(el => {
            out[el.getAttribute('data-out')] = [el.textContent, el.getAttribute('data-value')];
        });
        return out;
    }""",
        calc_id,
    )


def assert_matches_reference(page, calc_id: str, raw: dict[str, str]) -> None:
    want = napkin.run(calc_id, raw, GPUS)
    assert not want["errors"], want["errors"]
    got = shown(page, calc_id)
    assert set(got) == set(want["outputs"])
    for name, value in want["outputs"].items():
        text, data = got[name]
        assert text == want["text"][name], (name, text, want["text"][name])
        if value is None:
            assert data == "", name
        elif isinstance(value, str):
            assert data == value, name
        else:
            assert math.isclose(float(data), value, rel_tol=1e-12), (name, data, value)


@pytest.mark.parametrize("calc_id, index", [(c, i) for c, cases in CASES.items() for i in range(len(cases))])
def test_typed_inputs_give_the_reference_results(page, calc_id, index):
    raw = CASES[calc_id][index]
    page.goto(url(page, calc_id))
    ready(page, calc_id)
    type_inputs(page, calc_id, raw)
    query = napkin.query(calc_id, raw, GPUS)
    state_is(page, calc_id, query)
    assert_matches_reference(page, calc_id, raw)
    # the inputs are in the address: reloading it gives the same page
    assert urlsplit(page.url).query == query
    page.reload()
    ready(page, calc_id)
    state_is(page, calc_id, query)
    assert_matches_reference(page, calc_id, raw)
    assert not page.console_errors, page.console_errors


def test_default_results_arrive_with_the_page(page):
    """Built by the Python reference: the numbers are there before the script runs, and the
    script computes the same ones."""
    for calc_id in napkin.CALCULATORS:
        page.goto(url(page, calc_id))
        ready(page, calc_id)
        assert_matches_reference(page, calc_id, {})
        assert page.locator(f"#calc-{calc_id}-results").get_attribute("aria-live") == "polite"
    outside = [u for u in page.requests if not u.startswith(page.base)]
    assert not outside, outside[:5]


def test_typing_key_by_key_updates_as_you_go(page):
    page.goto(url(page, "training-memory"))
    ready(page, "training-memory")
    box = control(page, "training-memory", "params")
    box.fill("")
    box.press_sequentially("13")
    state_is(page, "training-memory", "params=13")
    assert_matches_reference(page, "training-memory", {"params": "13"})


def test_a_shared_link_and_a_worked_example_open_with_their_inputs(page):
    raw = {
        "params": "70",
        "layers": "80",
        "hidden": "8192",
        "heads": "64",
        "zero": "1",
        "dp": "2",
        "tp": "8",
        "pp": "4",
    }
    query = napkin.query("training-memory", raw, GPUS)
    page.goto(url(page, "training-memory", query))
    ready(page, "training-memory")
    state_is(page, "training-memory", query)
    assert control(page, "training-memory", "tp").input_value() == "8"
    assert control(page, "training-memory", "zero").input_value() == "1"
    assert_matches_reference(page, "training-memory", raw)
    # "Open this example in the calculator" on the roofline page: same page, new query
    page.goto(url(page, "roofline"))
    ready(page, "roofline")
    link = page.get_by_role("link", name="Open this example in the calculator").first
    target = dict(parse_qsl(urlsplit(link.get_attribute("href")).query))
    link.click()
    state_is(page, "roofline", napkin.query("roofline", target, GPUS))
    assert_matches_reference(page, "roofline", target)


def test_a_question_opens_the_calculator_with_its_numbers(page):
    page.goto(page.base + "q/kv-cache-size/")
    link = page.locator("article a[href*='calculators/inference-memory/?']").first
    raw = dict(parse_qsl(urlsplit(link.get_attribute("href")).query))
    assert raw
    link.click()  # instant navigation: calc.js runs again through document$
    ready(page, "inference-memory")
    state_is(page, "inference-memory", napkin.query("inference-memory", raw, GPUS))
    assert_matches_reference(page, "inference-memory", raw)
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("value", ["-5", "0", "1e9", "abc", ""])
def test_bad_input_is_refused_beside_its_field(page, value):
    calc_id = "training-memory"
    page.goto(url(page, calc_id))
    ready(page, calc_id)
    box = control(page, calc_id, "params")
    box.fill(value)
    message = napkin.run(calc_id, {"params": value}, GPUS)["errors"]["params"]
    error = page.locator(f"#calc-{calc_id} [data-field='params'] .calc-error")
    error.wait_for(state="visible")
    assert error.text_content() == message
    assert box.get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in box.get_attribute("aria-describedby").split()
    results = shown(page, calc_id)
    assert results["verdict"][0] == "Fix the marked input to see results."
    assert results["total"] == ["—", ""]
    # fixed: the message goes, the results come back
    box.fill("7")
    state_is(page, calc_id, "")
    assert error.text_content() == "" and box.get_attribute("aria-invalid") is None
    assert_matches_reference(page, calc_id, {})


def test_rules_between_fields_are_checked(page):
    page.goto(url(page, "training-memory"))
    ready(page, "training-memory")
    type_inputs(page, "training-memory", {"tp": "3", "pp": "5"})
    want = napkin.run("training-memory", {"tp": "3", "pp": "5"}, GPUS)["errors"]
    for name in ("tp", "pp"):
        error = page.locator(f"#calc-training-memory [data-field='{name}'] .calc-error")
        error.wait_for(state="visible")
        assert error.text_content() == want[name]
    assert shown(page, "training-memory")["verdict"][0] == "Fix the 2 marked inputs to see results."
    page.goto(url(page, "roofline"))
    ready(page, "roofline")
    type_inputs(page, "roofline", {"gpu": "a100-80gb", "prec": "fp8"})
    error = page.locator("#calc-roofline [data-field='prec'] .calc-error")
    error.wait_for(state="visible")
    assert error.text_content() == napkin.run("roofline", {"gpu": "a100-80gb", "prec": "fp8"}, GPUS)["errors"]["prec"]


def test_fields_show_only_when_they_apply(page):
    page.goto(url(page, "collective"))
    ready(page, "collective")
    algo = page.locator("#calc-collective [data-field='algo']")
    bw = page.locator("#calc-collective [data-field='bw']")
    assert algo.is_visible() and not bw.is_visible()
    type_inputs(page, "collective", {"op": "allgather", "link": "custom"})
    algo.wait_for(state="hidden")
    bw.wait_for(state="visible")
    assert control(page, "collective", "bw").is_enabled()


def test_other_parameters_in_the_address_are_kept(page):
    """Material's search links add ?h=<terms> to highlight them: the calculator leaves it alone."""
    page.goto(url(page, "collective", "h=bandwidth&n=16"))
    ready(page, "collective")
    state_is(page, "collective", "n=16")
    type_inputs(page, "collective", {"op": "allgather"})
    state_is(page, "collective", "op=allgather&n=16")
    assert urlsplit(page.url).query == "h=bandwidth&op=allgather&n=16"


def test_reset_restores_the_defaults_and_the_address(page):
    raw = {"op": "alltoall", "n": "64"}
    page.goto(url(page, "collective", napkin.query("collective", raw, GPUS)))
    ready(page, "collective")
    page.get_by_role("button", name="Reset to defaults").click()
    state_is(page, "collective", "")
    assert urlsplit(page.url).query == ""
    assert_matches_reference(page, "collective", {})
    assert page.locator("#calc-collective .calc-status").text_content() == "Inputs reset to the defaults."


@pytest.fixture
def phone(browser, site):
    _, base = site
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.base = base
    yield pg
    context.close()


@pytest.mark.parametrize("calc_id", list(napkin.CALCULATORS) + ["index"])
def test_no_calculator_page_is_wider_than_a_phone(phone, calc_id):
    phone.goto(phone.base + ("calculators/" if calc_id == "index" else f"calculators/{calc_id}/"))
    phone.wait_for_load_state("networkidle")
    if calc_id != "index":
        ready(phone, calc_id)
        # the longest texts a form shows: an error under a field and the verdict
        first = napkin.CALCULATORS[calc_id].fields[0]
        if first.kind == "number":
            control(phone, calc_id, first.name).fill("not a number at all, clearly")
            phone.locator(f"#calc-{calc_id} .calc-error").first.wait_for(state="visible")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{calc_id}: {overflow}px wider than the screen"


def test_print_shows_inputs_and_results_without_the_buttons(page):
    page.goto(url(page, "failures", "gpus=20000"))
    ready(page, "failures")
    page.emulate_media(media="print")
    assert page.locator("#calc-failures .calc-actions").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator("#calc-failures .calc-help").first.evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator("#calc-failures-results table").is_visible()
    assert control(page, "failures", "gpus").input_value() == "20000"
    assert page.locator("#calc-failures [data-field='gpus'] input").is_visible()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_calculator_page_has_no_serious_axe_violations(page, scheme):
    page.goto(url(page, "training-memory"))
    ready(page, "training-memory")
    control(page, "training-memory", "params").fill("-1")  # with an error shown, too
    page.locator("#calc-training-memory .calc-error").first.wait_for(state="visible")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)
