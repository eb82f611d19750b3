"""Which U.S. states a text names."""

import pytest

from bwc_bot.states import DC, states_named

CASES = [
    ("does Oregon require body cameras", {"Oregon"}),
    ("West Virginia law", {"West Virginia"}),  # not also Virginia
    ("the Washington DC study", {DC}),  # not the state of Washington
    ("what did the Washington, D.C. trial find", {DC}),
    ("District of Columbia retention", {DC}),
    ("washington state public records", {"Washington"}),
    ("new   york and NEW JERSEY", {"New York", "New Jersey"}),
    ("Arkansas versus Kansas", {"Arkansas", "Kansas"}),
    ("how long should footage be kept", set()),
    ("Kansasville and Texasroadhouse", set()),  # whole words only
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:30] for c in CASES])
def test_states_named(text, expected):
    assert states_named(text) == expected
