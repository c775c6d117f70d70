"""Parameter fields: type conversion, ranges, and the error messages that name the key."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from l1l2gui.core.descent import TRAINING_FIELDS, TrainingParams
from l1l2gui.core.fields import Field, as_dict, validate, with_values

RATE = Field("rate", "rate", float, 0.5, 2.0)
COUNT = Field("count", "count", int, 1, 10)
PICK = Field("pick", "pick", tuple, choices=("a", "b", "c"))


@dataclass(frozen=True)
class Small:
    rate: float = 1.0
    count: int = 3
    pick: tuple[str, ...] = ("a",)


SMALL_FIELDS = (RATE, COUNT, PICK)


def test_training_fields_cover_every_parameter_once() -> None:
    names = [f.name for f in TRAINING_FIELDS]
    assert len(names) == len(set(names))
    assert set(names) == set(as_dict(TrainingParams()))


def test_defaults_are_valid() -> None:
    validate(TrainingParams(), TRAINING_FIELDS)
    validate(Small(), SMALL_FIELDS)


def test_float_field_converts_and_keeps_inclusive_bounds() -> None:
    assert RATE.check("0.75") == 0.75
    assert isinstance(RATE.check(1), float)
    assert RATE.check(0.5) == 0.5
    assert RATE.check(2.0) == 2.0


@pytest.mark.parametrize("value", [0.4999, 2.0001, -1, "nan", "inf", float("nan"), "-inf"])
def test_float_field_rejects_out_of_range_naming_it(value: object) -> None:
    with pytest.raises(ValueError, match=r"^rate=.*between 0\.5 and 2"):
        RATE.check(value)


@pytest.mark.parametrize("value", ["abc", "", None, "1,5"])
def test_float_field_rejects_non_numbers_naming_it(value: object) -> None:
    with pytest.raises(ValueError, match=r"^rate=.*must be a number"):
        RATE.check(value)


def test_int_field_converts_whole_numbers_to_int() -> None:
    for value in ("4", 4, 4.0, "4.0", "1e1"):
        got = COUNT.check(value)
        assert got == (10 if value == "1e1" else 4)
        assert type(got) is int


@pytest.mark.parametrize("value", ["2.5", 2.5, 3.0000001, "inf", "nan"])
def test_int_field_rejects_non_integers_naming_it(value: object) -> None:
    with pytest.raises(ValueError, match=r"^count=.*whole number"):
        COUNT.check(value)


@pytest.mark.parametrize("value", [0, 11, "-3"])
def test_int_field_rejects_out_of_range_naming_it(value: object) -> None:
    with pytest.raises(ValueError, match=r"^count=.*between 1 and 10"):
        COUNT.check(value)


def test_tuple_field_parses_comma_lists_in_canonical_order() -> None:
    assert PICK.check("a,c") == ("a", "c")
    assert PICK.check("c, a") == ("a", "c")
    assert PICK.check(" b ,") == ("b",)
    assert PICK.check(["c", "b"]) == ("b", "c")
    assert PICK.check(("a", "b", "c")) == ("a", "b", "c")


@pytest.mark.parametrize("value", ["", ",", "a,a", "a,d", "A", ("b", "x"), ()])
def test_tuple_field_rejects_bad_selections_naming_it(value: object) -> None:
    with pytest.raises(ValueError, match=r"^pick=.*comma-separated subset of a, b, c"):
        PICK.check(value)


def test_tuple_field_says_when_nothing_is_chosen() -> None:
    with pytest.raises(ValueError) as info:
        PICK.check(())
    assert (
        str(info.value)
        == "pick= (none chosen): must be a comma-separated subset of a, b, c, at least one"
    )


@pytest.mark.parametrize("value", [3, None, [1, 2]])
def test_tuple_field_rejects_non_names_with_value_error(value: object) -> None:
    """check() promises ValueError; a number or None for a choice field must not crash
    with TypeError/AttributeError (e.g. ``"kinds": 3`` in a JSON file)."""
    with pytest.raises(ValueError, match=r"^pick="):
        PICK.check(value)


def test_range_text() -> None:
    assert RATE.range_text() == "between 0.5 and 2"
    assert Field("lr", "lr", float, 1e-7, 10.0).range_text() == "between 1e-07 and 10"
    assert PICK.range_text() == "a comma-separated subset of a, b, c"


def test_validate_names_the_first_bad_field() -> None:
    with pytest.raises(ValueError, match=r"^count=0"):
        validate(Small(count=0), SMALL_FIELDS)
    with pytest.raises(ValueError, match=r"^rate=5"):
        validate(Small(rate=5.0, count=0), SMALL_FIELDS)
    with pytest.raises(ValueError, match=r"^pick="):
        validate(Small(pick=("z",)), SMALL_FIELDS)


def test_with_values_returns_a_checked_copy() -> None:
    base = Small()
    new = with_values(base, SMALL_FIELDS, {"rate": "1.5", "count": "7", "pick": "c,b"})
    assert new == Small(rate=1.5, count=7, pick=("b", "c"))
    assert type(new.count) is int
    assert base == Small()  # the original is untouched


def test_with_values_empty_mapping_is_identity() -> None:
    params = TrainingParams(lr=0.3)
    assert with_values(params, TRAINING_FIELDS, {}) == params


def test_with_values_parses_training_kinds() -> None:
    params = with_values(TrainingParams(), TRAINING_FIELDS, {"kinds": "abs_l1,l2"})
    assert params.kinds == ("abs_l1", "l2")
    assert isinstance(params.kinds, tuple)
    params = with_values(TrainingParams(), TRAINING_FIELDS, {"kinds": "huber,signed_l1"})
    assert params.kinds == ("signed_l1", "huber")


def test_with_values_rejects_unknown_keys_naming_them() -> None:
    with pytest.raises(ValueError, match=r"unknown key 'learning_rate'.*known keys are.*\blr\b"):
        with_values(TrainingParams(), TRAINING_FIELDS, {"learning_rate": "0.1"})
    with pytest.raises(ValueError, match=r"unknown key 'size'.*rate, count, pick"):
        with_values(Small(), SMALL_FIELDS, {"rate": 1.0, "size": 2})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("epochs", "2.5"),
        ("n_samples", "20.5"),
        ("seed", 1.5),
        ("batch_size", "two"),
    ],
)
def test_with_values_rejects_non_integers_for_int_fields(key: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"^{key}="):
        with_values(TrainingParams(), TRAINING_FIELDS, {key: value})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("lr", "0"),
        ("lr", "11"),
        ("x_value", "0"),
        ("n_samples", "0"),
        ("noise_sigma", "-1"),
        ("decay", "-0.1"),
        ("huber_delta", "0"),
        ("kinds", "l1"),
        ("kinds", ""),
        ("seed", str(2**31)),
    ],
)
def test_with_values_rejects_out_of_range_naming_the_key(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=rf"^{key}="):
        with_values(TrainingParams(), TRAINING_FIELDS, {key: value})


def test_as_dict_is_plain_json() -> None:
    params = TrainingParams(kinds=("abs_l1", "huber"), lr=0.25)
    d = as_dict(params)
    assert d["kinds"] == ["abs_l1", "huber"]
    assert d["lr"] == 0.25
    assert json.loads(json.dumps(d)) == d
    # round trip through with_values gives the same parameters back
    assert with_values(TrainingParams(), TRAINING_FIELDS, d) == params


def test_single_choice_field_accepts_one_of_its_names() -> None:
    mode = Field("mode", "mode", str, choices=("batch", "dataset"))
    assert mode.check("dataset") == "dataset"
    assert mode.check(" batch ") == "batch"
    assert mode.range_text() == "one of batch, dataset"
    for bad in ("Batch", "", "batch,dataset", 3):
        with pytest.raises(ValueError, match=r"mode=.*: must be one of batch, dataset"):
            mode.check(bad)


def test_str_field_with_or_without_choices() -> None:
    family = Field("family", "family", str, choices=("boosting", "linear"))
    assert family.check("linear") == "linear"
    with pytest.raises(ValueError, match=r"^family='trees': must be one of boosting, linear"):
        family.check("trees")
    path = Field("path", "path", str)
    assert path.check("/tmp/a.csv") == "/tmp/a.csv"
    with pytest.raises(ValueError, match=r"^path=3: must be a text"):
        path.check(3)
