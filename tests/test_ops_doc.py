"""docs/ops.md lists the PyTorch names minigrad provides: it must be what scripts/ops_doc.py makes now."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ops_doc():
    spec = importlib.util.spec_from_file_location('ops_doc', ROOT / 'scripts' / 'ops_doc.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_ops_md_is_current():
    doc = ops_doc()
    assert doc.OUT.read_text() == doc.render(), 'docs/ops.md is out of date: run `python scripts/ops_doc.py`'


def test_it_lists_what_minigrad_provides_and_what_it_does_not():
    text = ops_doc().render()
    random_sampling = text.split('## Random sampling')[1].split('##')[0]
    assert '`normal`' in random_sampling.split('Not yet:')[0]
    assert '`polar`' in text.split('## Creation ops')[1].split('##')[0].split('Not yet:')[1]
