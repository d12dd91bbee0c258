"""drafter.records.record behaves as dataclasses.dataclass: each case is checked against a
stdlib dataclass with the same fields and options."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field

import pytest

from drafter.records import record


def pair(**options):
    """The same class made by @dataclass and by @record."""

    def body(ns):
        ns["__annotations__"] = {"a": "int", "b": "str", "c": "tuple[int, ...]", "d": "int"}
        ns["b"] = "x"
        ns["c"] = field(default=(), compare=True)
        ns["d"] = field(default=0, compare=False, repr=False)

    made = []
    for deco in (dataclasses.dataclass, record):
        ns: dict = {"__module__": __name__, "__qualname__": "P"}
        body(ns)
        cls = type("P", (), ns)
        made.append(deco(**options)(cls))
    return made


OPTIONS = [
    {},
    {"frozen": True},
    {"frozen": True, "order": True},
    {"eq": False},
    {"frozen": True, "kw_only": True},
    {"unsafe_hash": True},
    {"repr": False},
]


@pytest.mark.parametrize("options", OPTIONS, ids=[str(o) for o in OPTIONS])
def test_same_behaviour_as_dataclass(options):
    std, rec = pair(**options)
    kw = options.get("kw_only", False)

    def make(cls, a, b="x", c=(), d=0):
        return cls(a=a, b=b, c=c, d=d) if kw else cls(a, b, c, d)

    values = [(1, "x", (), 0), (1, "x", (), 5), (2, "a", (1,), 0), (1, "y", (2, 3), 0)]
    for v1 in values:
        for v2 in values:
            s1, s2, r1, r2 = make(std, *v1), make(std, *v2), make(rec, *v1), make(rec, *v2)
            assert (s1 == s2) == (r1 == r2)
            assert (s1 != s2) == (r1 != r2)
            if options.get("order"):
                for op in ("__lt__", "__le__", "__gt__", "__ge__"):
                    assert getattr(s1, op)(s2) == getattr(r1, op)(r2)
        s, r = make(std, *v1), make(rec, *v1)
        assert (std.__hash__ is None) == (rec.__hash__ is None)
        if std.__hash__ is not None and (options.get("frozen") or options.get("unsafe_hash")):
            assert hash(s) == hash(r)
        if options.get("repr", True):
            assert repr(s) == repr(r)
        assert dataclasses.asdict(s) == dataclasses.asdict(r)
        assert [f.name for f in dataclasses.fields(s)] == [f.name for f in dataclasses.fields(r)]
        assert dataclasses.replace(r, b="z").b == "z"
        if options.get("frozen"):
            with pytest.raises(FrozenInstanceError):
                r.a = 9
            with pytest.raises(FrozenInstanceError):
                del r.a
    assert make(rec, 1) != (1, "x", (), 0)  # a tuple of the same fields is not equal
    if options.get("order"):
        with pytest.raises(TypeError):
            _ = make(rec, 1) < (1,)


def test_another_record_class_with_the_same_fields_is_not_equal():
    @record(frozen=True)
    class A:
        x: int

    @record(frozen=True)
    class B:
        x: int

    assert A(1) != B(1) and A(1) == A(1) and len({A(1), A(1), B(1)}) == 2


def test_methods_the_class_defines_are_kept():
    @record(frozen=True)
    class Symbol:
        text: str

        def __repr__(self) -> str:
            return f"<{self.text}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Symbol) and other.text.lower() == self.text.lower()

        def __hash__(self) -> int:
            return hash(self.text.lower())

    assert repr(Symbol("A/RES/1")) == "<A/RES/1>"
    assert Symbol("a/res/1") == Symbol("A/RES/1") and len({Symbol("a"), Symbol("A")}) == 1


def test_order_needs_eq_and_refuses_own_ordering_methods():
    with pytest.raises(ValueError):
        record(order=True, eq=False)
    with pytest.raises(TypeError):
        @record(order=True)
        class C:
            x: int

            def __lt__(self, other: object) -> bool:
                return False


@record(frozen=True)
class Picklable:
    x: int
    y: tuple[str, ...] = ()


def test_pickle_round_trip_and_no_generated_eq():
    p = Picklable(1, ("a",))
    assert pickle.loads(pickle.dumps(p)) == p
    # the comparison methods are shared, not compiled for the class
    assert Picklable.__eq__.__code__.co_filename.endswith("records.py")
