"""The typed settings reader: a mistyped value is an error naming the variable, never a quiet default."""

import os
import subprocess
import sys

import pytest

from cspr.config import Env, SettingError


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1", True),
        ("true", True),
        ("On", True),
        (" yes ", True),
        ("0", False),
        ("false", False),
        ("off", False),
        ("no", False),
        ("", False),
    ],
)
def test_a_yes_no_setting_reads_the_usual_spellings(raw, value):
    assert Env({"CSPR_DEBUG": raw}).bool("CSPR_DEBUG", default=True) is value or raw == "" and value is False


def test_an_unset_setting_takes_its_default():
    env = Env({})
    assert env.bool("CSPR_X", True) is True
    assert env.int("CSPR_N", 7) == 7
    assert env.float("CSPR_F", 1.5) == 1.5
    assert env.str("CSPR_S", "d") == "d"
    assert env.list("CSPR_L", ["a"]) == ["a"]
    assert env.choice("CSPR_C", "json", ("json", "text")) == "json"


@pytest.mark.parametrize(
    ("read", "raw", "message"),
    [
        (lambda env: env.bool("CSPR_DEBUG"), "ture", "CSPR_DEBUG: 'ture' is not a yes/no value"),
        (lambda env: env.int("CSPR_DEBUG", 3), "3 days", "CSPR_DEBUG: '3 days' is not a whole number"),
        (
            lambda env: env.int("CSPR_DEBUG", 3, minimum=1),
            "0",
            "CSPR_DEBUG: 0 is less than the smallest allowed value, 1",
        ),
        (lambda env: env.float("CSPR_DEBUG", 1.0), "sixty", "CSPR_DEBUG: 'sixty' is not a number"),
        (
            lambda env: env.choice("CSPR_DEBUG", "json", ("json", "text")),
            "xml",
            "CSPR_DEBUG: 'xml' is not one of json, text",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_an_error_naming_the_variable(read, raw, message):
    with pytest.raises(SettingError) as refused:
        read(Env({"CSPR_DEBUG": raw}))
    assert str(refused.value).startswith(message)
    assert refused.value.name == "CSPR_DEBUG"


def test_a_list_setting_splits_on_commas_and_drops_blanks():
    assert Env({"CSPR_ALLOWED_HOSTS": " cspr.example.org, ,10.0.0.5 "}).list("CSPR_ALLOWED_HOSTS") == [
        "cspr.example.org",
        "10.0.0.5",
    ]


def test_the_reader_remembers_every_variable_it_read():
    env = Env({})
    env.bool("CSPR_A")
    env.int("CSPR_B", 1)
    env.bool("CSPR_A")
    assert env.names == ["CSPR_A", "CSPR_B"]


def test_cspr_debug_ture_stops_the_cli_with_one_line_naming_the_variable():
    result = subprocess.run(
        [sys.executable, "-m", "cspr", "check"],
        env={**os.environ, "CSPR_DEBUG": "ture"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "cspr: refusing to start: CSPR_DEBUG: 'ture' is not a yes/no value (use 1 or 0, true or false, yes or no, on or off)"
    ]
