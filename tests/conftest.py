"""Shared test settings: hypothesis profiles (`--hypothesis-profile=thorough` for long fuzzing runs)."""
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))  # `from helpers import check_op` from any working directory

settings.register_profile('default', max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile('thorough', max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile('default')
