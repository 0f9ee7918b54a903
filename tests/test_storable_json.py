"""storable_json: the JSON of a body as the store keeps it, walked only when needed, is
exactly what walking it always gives."""

from hostile import hostile_text
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.audit import canonical_json
from counter_tui.store.models import storable, storable_json

body = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), hostile_text, st.dates()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(hostile_text, inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(hostile_text, body, max_size=6))
def test_storable_json_is_the_walked_bodys_json(value: dict) -> None:
    assert storable_json(value) == canonical_json(storable(value))


def test_a_typed_backslash_u0000_is_kept_and_a_nul_dropped() -> None:
    assert storable_json({"note": "\\u0000 as typed", "nul": "a\x00b"}) == (
        '{"note":"\\\\u0000 as typed","nul":"ab"}'
    )
    assert storable_json({"clean": "申请表"}) == '{"clean":"申请表"}'
