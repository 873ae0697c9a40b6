"""Core test configuration: the `slow` marker and the minimal example questionnaire fixture."""

from __future__ import annotations

import pytest
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire

from .builders import MINIMAL_QUESTIONNAIRE


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds the wheel or starts subprocesses")


@pytest.fixture(scope="session")
def minimal() -> Questionnaire:
    """examples/minimal-questionnaire.toml: visibility and incidents, one question per level."""
    return load_questionnaire(MINIMAL_QUESTIONNAIRE)
