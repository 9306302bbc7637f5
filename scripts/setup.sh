#!/usr/bin/env bash
# Set up minigrad with its test, report and distributed (mpi4py + the mpich wheel's MPI) dependencies
# in the active Python environment.
# torch is pinned to the CPU build that lies on local disk (an unpinned torch pulls several GB of CUDA).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -e '.[test,report,distributed]'
