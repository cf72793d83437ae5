"""Fuzzing the whole command with hostile interview files (Hypothesis).

Every input, whatever it holds, ends in exit 0, 1 or 2, never a traceback; a
refusal (exit 2) is one line on stderr and writes nothing; every write lands
inside OUT; every PDF written opens. The normal run tries 500 inputs with a
fixed seed (the same inputs every time); ``pytest -m slow`` tries 5,000 new
ones. Counts and the slowest input are printed at the end of the run.
"""

from __future__ import annotations

import pytest
from fuzzing import OPTIONS, check_run, interview_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}


@settings(max_examples=500, derandomize=True, database=None, **COMMON)
@given(interview_text(), OPTIONS, st.sampled_from(["make"] * 4 + ["check"]))
def test_fuzzed_interview_files(text, options, command):
    check_run(text, options, command)


@pytest.mark.slow
@settings(max_examples=5000, **COMMON)
@given(interview_text(), OPTIONS, st.sampled_from(["make"] * 4 + ["check"]))
def test_fuzzed_interview_files_long_run(text, options, command):
    check_run(text, options, command)
