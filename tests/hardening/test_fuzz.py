"""Property-based fuzzing of the loader and the name sanitizer (hypothesis).

The CI run is bounded by ``FUZZ_EXAMPLES`` (default 60 examples per test, derandomized so CI
is reproducible); ``make fuzz`` sets 5000 and explores at random.  The property: any input
gives either a result or clean problems (a rule and a message), never an exception, and
every name the sanitizer lets through compiles where generated code puts it.
"""

from __future__ import annotations

import keyword
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import names
from generator.spec.load import LOSSLESS_RULES, parse_spec_text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)
BASE = (Path(__file__).resolve().parent / "corpus" / "base.yaml").read_text(encoding="utf-8")

scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["~", "null", ".nan", "-.inf", "0x1F", "1e400", "9" * 5000, "2023-11-07T05:31:56Z", "yes", "'", '"']
    ),
)
fragments = st.lists(
    st.one_of(
        scalars,
        st.sampled_from(
            [*":-[]{},&*!|>%@`#?\n\t \"'\\", "&a ", "*a", "!!binary ", "!!python/object ", "---\n", "<<: *a\n"]
        ),
    ),
    max_size=40,
).map("".join)


def _judge(text: str) -> None:
    spec, problems = parse_spec_text(text, Path("fuzz.yaml"), "fuzz.yaml")
    # A spec comes back with no problems, or with only those that keep its data as written.
    assert problems if spec is None else {p.rule for p in problems} <= LOSSLESS_RULES
    for problem in problems:
        assert problem.rule and problem.message and problem.file == "fuzz.yaml"


@FUZZ
@given(fragments)
def test_fuzz_loader_on_yaml_fragments(text: str) -> None:
    _judge(text)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_loader_on_any_text(text: str) -> None:
    _judge(text)


@FUZZ
@given(st.integers(min_value=0, max_value=len(BASE)), fragments)
def test_fuzz_loader_on_a_spliced_spec(position: int, fragment: str) -> None:
    _judge(BASE[:position] + fragment + BASE[position:])


@FUZZ
@given(st.text(max_size=30))
def test_fuzz_name_sanitizer_output_compiles_or_is_refused(spec_name: str) -> None:
    for identifier in (names.python_identifier(spec_name), names.class_name(spec_name)):
        if names.identifier_problem(identifier) is not None:
            continue  # the name check refuses it with that reason
        assert identifier.isidentifier() and not keyword.iskeyword(identifier)
        source = (
            f"def f(*, {identifier}: int = 0) -> int:\n    return {identifier}\n"
            f"class {identifier}_C:\n    {identifier}: int = 0\n"
            f"x = f({identifier}=1)\n"
        )
        compile(source, "<fuzz>", "exec", dont_inherit=True)


@FUZZ
@given(st.text(max_size=30))
def test_fuzz_slug_check_accepts_only_safe_folder_names(slug: str) -> None:
    if names.slug_problem(slug) is None:
        assert slug.isascii() and slug.isidentifier() and "/" not in slug and slug not in (".", "..")
        assert names.package_name(slug).isidentifier()
