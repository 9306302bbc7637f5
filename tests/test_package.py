"""The real package: the sdist and the wheel built from this repo hold every package and module under minigrad/,
and the wheel's minigrad imports and runs without the repo on sys.path (an editable install would hide a
subpackage left out of the wheel)."""
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def source_modules():
    """Every .py file under minigrad/, as a path relative to the repo root."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / 'minigrad').rglob('*.py')
                  if '__pycache__' not in p.parts)


def packages():
    """Every folder under minigrad/ that holds Python code."""
    return sorted({str(Path(m).parent) for m in source_modules()})


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    """The sdist and the wheel built from it, as `python -m build` makes them (with this venv's setuptools)."""
    pytest.importorskip('build', reason="needs the 'build' package (in the test extra)")
    out = tmp_path_factory.mktemp('dist')
    subprocess.run([sys.executable, '-m', 'build', '--no-isolation', '--outdir', str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob('*.tar.gz')), next(out.glob('*.whl'))


def test_every_code_folder_is_a_package():
    missing = [p for p in packages() if not (ROOT / p / '__init__.py').exists()]
    assert not missing, f'folders with .py files and no __init__.py (left out of the wheel): {missing}'


def test_the_wheel_holds_every_module(built):
    names = set(zipfile.ZipFile(built[1]).namelist())
    assert len(packages()) >= 6
    missing = [m for m in source_modules() if m not in names]
    assert not missing, f'modules missing from the wheel: {missing}'


def test_the_sdist_holds_every_module(built):
    with tarfile.open(built[0]) as sdist:
        names = {n.split('/', 1)[1] for n in sdist.getnames() if '/' in n}
    missing = [m for m in source_modules() + ['README.md', 'setup.cfg', 'pyproject.toml'] if m not in names]
    assert not missing, f'files missing from the sdist: {missing}'


def test_the_wheel_imports_and_trains_outside_the_repo(built, tmp_path):
    import numpy
    site = tmp_path / 'site-packages'   # the wheel unpacked as pip lays it out
    zipfile.ZipFile(built[1]).extractall(site)
    # -I -S: no repo, no working directory, no PYTHONPATH and no site processing (so no editable install's
    # finder); numpy and the other dependencies come from this venv's folder, put on the path by hand.
    path = [str(site), str(Path(numpy.__file__).parents[1])]
    smoke = (ROOT / 'scripts' / 'wheel_smoke.py').read_text()
    code = f'import sys; sys.path[:0] = {path!r}; exec(compile({smoke!r}, "wheel_smoke.py", "exec"))'
    run = subprocess.run([sys.executable, '-I', '-S', '-c', code], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert str(site) in run.stderr and 'save/load round trip equal' in run.stderr


def extras():
    """setup.cfg's extras: name -> {package name: its version specifier}."""
    import configparser
    from packaging.requirements import Requirement
    config = configparser.ConfigParser()
    config.read(ROOT / 'setup.cfg')
    return {name: {(r := Requirement(line)).name.lower(): str(r.specifier) for line in value.split('\n') if line}
            for name, value in config['options.extras_require'].items()}


def documented_combinations():
    """Every `.[a,b,...]` that README.md and scripts/setup.sh tell a user to install."""
    import re
    text = (ROOT / 'README.md').read_text() + (ROOT / 'scripts' / 'setup.sh').read_text()
    return sorted({tuple(m.split(',')) for m in re.findall(r"\.\[([a-z,]+)\]", text)})


def test_every_combination_of_extras_pins_one_version_of_each_package():
    """pip cannot install two pins of one package (`.[test,vision]` once asked for two torches): every extra that
    names a package must pin it the same way, so that any combination resolves, those README documents included."""
    declared = extras()
    combinations = documented_combinations()
    assert ('test', 'report', 'distributed') in combinations       # scripts/setup.sh's
    for combination in combinations:
        assert set(combination) <= set(declared), f'.[{",".join(combination)}] names an extra setup.cfg lacks'
    pins = {}
    for name, requirements in declared.items():
        for package, specifier in requirements.items():
            pins.setdefault(package, {}).setdefault(specifier, []).append(name)
    for package, specifiers in pins.items():
        pinned = {s: names for s, names in specifiers.items() if s}
        assert len(pinned) <= 1, f'{package} is pinned differently by the extras: {pinned}'
