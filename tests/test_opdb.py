"""Every public op against PyTorch through the op database (tests/opdb.py): each sample runs in both libraries
on the same data and everything observable is compared in order (outputs, inputs after the call, gradients, second
derivatives, or the error and its message). Samples listed in opdb.KNOWN differ today and are strict xfails."""
import fnmatch
import inspect

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn.functional
import minigrad.nn.torch_level
import opdb
from opdb import TOL16, TOL64

SAMPLES = opdb.all_samples()


def compare_observed(label, got, want, tol32, tol64=TOL64):
    """Assert that minigrad's observation `got` is PyTorch's `want`: tensors to tol64 in float64 (tol32 where the
    computation went through float32), to tol32 in float32, integers and bools exactly."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f'{label}: minigrad gives {got!r}, torch a tensor'
        for key in ('dtype', 'shape', 'requires_grad', 'is_leaf', 'grad_fn'):
            if key in want:
                assert got[key] == want[key], f'{label}: {key} {got[key]!r} != torch {want[key]!r}'
        if 'value' in want:
            if want['value'].dtype.kind in 'biu':
                np.testing.assert_array_equal(got['value'], want['value'], err_msg=label)
            else:
                tol = tol64 if want['dtype'] == 'float64' else TOL16 if want['dtype'] == 'float16' else tol32
                np.testing.assert_allclose(got['value'], want['value'], err_msg=label, **tol)
        return
    if isinstance(want, opdb.Raised) or isinstance(got, opdb.Raised):
        assert repr(got) == repr(want), f'{label}: minigrad {got!r}\ntorch:    {want!r}'
        return
    if want is None or got is None:
        assert got is want, f'{label}: minigrad {got!r}, torch {want!r}'
        return
    kind, value = want
    assert got[0] == kind, f'{label}: minigrad gives a {got[0]}, torch a {kind}'
    if kind in ('tuple', 'list', 'namedtuple'):
        assert len(got[1]) == len(value), f'{label}: {len(got[1])} items, torch {len(value)}'
        for k, (g, w) in enumerate(zip(got[1], value)):
            compare_observed(f'{label}[{k}]', g, w, tol32, tol64)
    elif kind == 'float':
        np.testing.assert_allclose(got[1], value, err_msg=label, **tol64)
    else:
        assert got[1] == value, f'{label}: minigrad {got[1]!r}, torch {value!r}'


def check_sample(sample):
    want, got = opdb.run(sample, torch), opdb.run(sample, minigrad)
    through32 = sample.dtype == 'float32' or any(getattr(a, 'dtype', None) == 'float32' for a in sample.args)
    for (t_label, t_seen), (m_label, m_seen) in zip(want, got):
        if t_label != m_label:
            detail = m_seen if m_label.endswith('raises') else t_seen
            raise AssertionError(f'minigrad: {m_label}, torch: {t_label} ({detail!r})')
        compare_observed(t_label, m_seen, t_seen, sample.tol, sample.tol if through32 else sample.tol64)
    assert len(got) == len(want), f'minigrad observed {[l for l, _ in got]}, torch {[l for l, _ in want]}'


def param(sample):
    reason = opdb.known(sample.id)
    return pytest.param(sample, id=sample.id, marks=pytest.mark.xfail(strict=True, reason=reason) if reason else ())


@pytest.mark.parametrize('sample', [param(s) for s in SAMPLES])
def test_sample(sample):
    check_sample(sample)


def public_names():
    """Every public op: the op table, nn.functional's (__all__, as 'F.name'), the nn ops at the top level
    (minigrad.nn.torch_level's __all__), minigrad.linalg's functions ('linalg.name'), minigrad.special's
    ('special.name') and the factories exported by minigrad."""
    from minigrad.functions.table import TABLE
    names = {n for n, *_ in TABLE}
    names |= {'F.' + n for n in minigrad.nn.functional.__all__}
    names |= set(minigrad.nn.torch_level.__all__)
    factories = minigrad.factories
    names |= {n for n in dir(factories) if not n.startswith('_') and inspect.isfunction(getattr(minigrad, n, None))
              and getattr(minigrad, n) is getattr(factories, n)}
    names |= {'linalg.' + n for n in minigrad.linalg.__all__ if inspect.isfunction(getattr(minigrad.linalg, n))}
    names |= {'special.' + n for n in minigrad.special.__all__}
    return names | {'range'}


def test_every_public_op_has_an_entry():
    missing = public_names() - opdb.covered_names() - set(opdb.NOT_OPS)
    assert not missing, f'ops without an entry in tests/opdb.py: {sorted(missing)}'


def test_every_entry_is_a_public_op():
    unknown = {o.name for o in opdb.OPS} - public_names()
    assert not unknown, f'entries for no public op: {sorted(unknown)}'


def test_known_failures_name_samples():
    ids = [s.id for s in SAMPLES]
    stale = [p for key in opdb.KNOWN for p in key.split() if not any(fnmatch.fnmatchcase(i, p) for i in ids)]
    assert not stale, f'KNOWN patterns that match no sample: {stale}'


def test_every_op_has_a_sample_torch_computes():
    """A sample generator that only made errors would check nothing."""
    ok = {s.id.split('-')[0] for s in SAMPLES if 'forward raises' not in [l for l, _ in opdb.run(s, torch)]}
    assert {o.name for o in opdb.OPS} <= ok
