"""minigrad.optim against torch.optim: the same parameters and the same gradients (set directly on .grad each
step) must give the same trajectories.

Tolerances: float64 rtol 1e-12 (the same arithmetic in the same order; PyTorch's CPU kernels may fuse a
multiply-add, an ulp per operation); float32 rtol 1e-5 / atol 1e-6 (a few float32 ulps per step over 20 steps;
Adam divides by sqrt(v) + eps, which can amplify a one-ulp difference where v is tiny).
"""
import numpy as np
import pytest
import torch

import minigrad
from minigrad import optim

TOL = {'float64': dict(rtol=1e-12, atol=0), 'float32': dict(rtol=1e-5, atol=1e-6)}
SHAPES = [(3, 4), (4,), (2, 3, 2)]


def make_params(dtype, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s).astype(dtype) for s in SHAPES]
    return ([torch.tensor(a, requires_grad=True) for a in arrays],
            [minigrad.tensor(a, requires_grad=True) for a in arrays])


def groups(params, group_options):
    """Split params into param groups: one per dict in group_options (the last group takes the rest)."""
    if not group_options:
        return params
    return [dict(opts, params=params[i:i + 1] if i < len(group_options) - 1 else params[i:])
            for i, opts in enumerate(group_options)]


def run(make_optim, tp, mp, dtype, steps=20, seed=1, t_opt=None, m_opt=None):
    """`steps` steps of the same random gradients in both libraries; returns the two optimizers."""
    rng = np.random.default_rng(seed)
    t_opt = t_opt or make_optim(torch.optim, tp)
    m_opt = m_opt or make_optim(optim, mp)
    for _ in range(steps):
        for t, m in zip(tp, mp):
            g = rng.standard_normal(t.shape).astype(dtype)
            t.grad, m.grad = torch.tensor(g), minigrad.tensor(g)
        t_opt.step()
        m_opt.step()
    return t_opt, m_opt


def assert_same(tp, mp, dtype):
    for i, (t, m) in enumerate(zip(tp, mp)):
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), err_msg=f'param {i}', **TOL[dtype])


SGD_CASES = {
    'plain': dict(lr=0.1),
    'momentum': dict(lr=0.1, momentum=0.9),
    'dampening': dict(lr=0.1, momentum=0.9, dampening=0.3),
    'nesterov': dict(lr=0.1, momentum=0.9, nesterov=True),
    'weight_decay': dict(lr=0.1, weight_decay=0.01),
    'momentum_weight_decay': dict(lr=0.05, momentum=0.8, weight_decay=0.1),
    'nesterov_weight_decay_maximize': dict(lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.1, maximize=True),
    'maximize': dict(lr=0.1, maximize=True),
    'default_lr': dict(),
}
GROUPS = [None, [dict(lr=0.01), dict(lr=0.3, momentum=0.5)]]


@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('group_options', GROUPS, ids=['one_group', 'two_groups'])
@pytest.mark.parametrize('case', SGD_CASES)
def test_sgd_matches_torch(case, group_options, dtype):
    tp, mp = make_params(dtype)
    run(lambda lib, p: lib.SGD(groups(p, group_options), **SGD_CASES[case]), tp, mp, dtype)
    assert_same(tp, mp, dtype)


ADAM_CASES = {
    'default': dict(),
    'lr_betas_eps': dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6),
    'amsgrad': dict(lr=0.01, amsgrad=True),
    'weight_decay': dict(lr=0.01, weight_decay=0.1),
    'maximize': dict(lr=0.01, maximize=True),
    'all': dict(lr=0.02, weight_decay=0.05, amsgrad=True, maximize=True),
}


@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('group_options', GROUPS[:1] + [[dict(lr=0.1), dict(amsgrad=True)]],
                         ids=['one_group', 'two_groups'])
@pytest.mark.parametrize('case', ADAM_CASES)
def test_adam_matches_torch(case, group_options, dtype):
    tp, mp = make_params(dtype)
    run(lambda lib, p: lib.Adam(groups(p, group_options), **ADAM_CASES[case]), tp, mp, dtype)
    assert_same(tp, mp, dtype)


def test_params_without_grad_are_skipped_and_zero_grad():
    tp, mp = make_params('float64')
    opt = optim.SGD(mp, lr=0.1, momentum=0.9)
    mp[0].grad = minigrad.ones(*SHAPES[0], dtype=minigrad.float64)
    before = [m.detach().numpy().copy() for m in mp]
    opt.step()
    assert not np.array_equal(mp[0].detach().numpy(), before[0])
    assert all(np.array_equal(m.detach().numpy(), b) for m, b in zip(mp[1:], before[1:]))
    assert list(opt.state) == [mp[0]]
    opt.zero_grad(set_to_none=False)
    assert mp[0].grad is not None and not mp[0].grad.detach().numpy().any()
    opt.zero_grad()
    assert mp[0].grad is None


def test_step_builds_no_graph_and_bumps_version():
    p = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (p * p).sum().backward()
    version = p._vc[0]
    optim.Adam([p], lr=0.1).step()
    assert p.is_leaf and p.grad_fn is None and p.requires_grad
    assert p._vc[0] == version + 1


def test_closure_is_called_with_grad_enabled():
    tp, mp = make_params('float64')

    def closure(lib, params, opt):
        def f():
            opt.zero_grad()
            loss = sum((p * p).sum() for p in params)
            loss.backward()
            return loss
        return f

    t_opt, m_opt = torch.optim.SGD(tp, lr=0.1, momentum=0.9), optim.SGD(mp, lr=0.1, momentum=0.9)
    with torch.no_grad(), minigrad.no_grad():
        for _ in range(3):
            t_loss = t_opt.step(closure(torch, tp, t_opt))
            m_loss = m_opt.step(closure(minigrad, mp, m_opt))
            assert m_loss.item() == pytest.approx(t_loss.item(), rel=1e-12)
    assert_same(tp, mp, 'float64')


@pytest.mark.parametrize('name, options', [('SGD', dict(lr=0.1, momentum=0.9)),
                                           ('Adam', dict(lr=0.01, amsgrad=True))])
def test_state_dict_resumes_identically(name, options):
    tp, mp = make_params('float64')
    make = lambda lib, p: getattr(lib, name)(groups(p, GROUPS[1]), **options)  # noqa: E731
    t_opt, m_opt = run(make, tp, mp, 'float64', steps=5)
    t_sd, m_sd = t_opt.state_dict(), m_opt.state_dict()
    # PyTorch's layout: int keys, the same option keys per group, params as index lists
    assert sorted(m_sd['state']) == sorted(t_sd['state']) == [0, 1, 2]
    for ts, ms in zip(t_sd['param_groups'], m_sd['param_groups']):
        assert ms['params'] == ts['params']
        assert set(ms) <= set(ts) and all(ms[k] == ts[k] for k in ms)
    for i in t_sd['state']:
        assert set(m_sd['state'][i]) == set(t_sd['state'][i])
        for key, t_value in t_sd['state'][i].items():
            np.testing.assert_allclose(m_sd['state'][i][key].numpy(), t_value.numpy(), rtol=1e-12)
            assert m_sd['state'][i][key].dtype.name == str(t_value.dtype).replace('torch.', '')
    # a fresh optimizer over copies of the parameters, loaded from the state dict, continues identically
    mp2 = [minigrad.tensor(m.detach().numpy(), requires_grad=True) for m in mp]
    m_opt2 = make(optim, mp2)
    m_opt2.load_state_dict(m_sd)
    run(make, tp, mp2, 'float64', steps=5, seed=2, t_opt=t_opt, m_opt=m_opt2)
    assert_same(tp, mp2, 'float64')
    # loading copies the buffers: the first optimizer did not move
    assert all(m_sd['state'][i] is not m_opt2.state[p] for i, p in enumerate(mp2))


def test_load_state_dict_mismatch_errors():
    _, mp = make_params('float64')
    sd = optim.SGD(mp, lr=0.1).state_dict()
    with pytest.raises(ValueError, match='different number of parameter groups'):
        optim.SGD(groups(mp, GROUPS[1]), lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        optim.SGD(mp[:2], lr=0.1).load_state_dict(sd)


def test_add_param_group_and_repr():
    _, mp = make_params('float64')
    opt = optim.SGD(mp[:1], lr=0.1, momentum=0.9)
    opt.add_param_group({'params': mp[1], 'lr': 0.5})
    assert opt.param_groups[1]['params'] == [mp[1]] and opt.param_groups[1]['momentum'] == 0.9
    t_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    assert repr(opt).splitlines()[:2] == repr(t_opt).splitlines()[:2] == ['SGD (', 'Parameter Group 0']
    assert '    lr: 0.1' in repr(opt) and repr(opt).endswith(')')


def error_of(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


@pytest.mark.parametrize('make', [
    lambda lib, p: lib.SGD([], lr=0.1),
    lambda lib, p: lib.SGD([p * 2], lr=0.1),
    lambda lib, p: lib.SGD([p], lr=-1),
    lambda lib, p: lib.Adam([p], lr=-1),
    lambda lib, p: lib.SGD([p], lr=0.1, nesterov=True),
    lambda lib, p: lib.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
    lambda lib, p: lib.SGD([p], lr=0.1, momentum=-1),
    lambda lib, p: lib.SGD([p], lr=0.1, weight_decay=-1),
    lambda lib, p: lib.Adam([p], betas=(1.0, 0.999)),
    lambda lib, p: lib.Adam([p], betas=(0.9, -0.1)),
    lambda lib, p: lib.Adam([p], eps=-1),
    lambda lib, p: lib.SGD([{'params': {p}}], lr=0.1),
    lambda lib, p: lib.SGD([p, 1.0], lr=0.1),
    lambda lib, p: lib.SGD([{'params': [p]}, {'params': [p]}], lr=0.1),
], ids=['empty', 'non_leaf', 'sgd_lr', 'adam_lr', 'nesterov_no_momentum', 'nesterov_dampening', 'momentum',
        'weight_decay', 'beta0', 'beta1', 'eps', 'set', 'not_a_tensor', 'duplicate'])
def test_errors_match_torch(make):
    t_type, t_msg = error_of(lambda: make(torch.optim, torch.zeros(2, requires_grad=True)))
    m_type, m_msg = error_of(lambda: make(optim, minigrad.zeros(2, requires_grad=True)))
    assert m_type is t_type
    assert m_msg == t_msg


@pytest.mark.parametrize('step_size, gamma', [(3, 0.1), (1, 0.5), (4, 0.9)])
def test_steplr_matches_torch(step_size, gamma):
    tp, mp = make_params('float64')
    t_opt = torch.optim.SGD(groups(tp, GROUPS[1]), lr=0.2)
    m_opt = optim.SGD(groups(mp, GROUPS[1]), lr=0.2)
    t_sched = torch.optim.lr_scheduler.StepLR(t_opt, step_size=step_size, gamma=gamma)
    m_sched = optim.lr_scheduler.StepLR(m_opt, step_size=step_size, gamma=gamma)
    for _ in range(12):
        assert m_sched.get_last_lr() == pytest.approx(t_sched.get_last_lr(), rel=1e-15)
        assert [g['lr'] for g in m_opt.param_groups] == [g['lr'] for g in t_opt.param_groups]
        t_opt.step()
        m_opt.step()
        t_sched.step()
        m_sched.step()
    assert m_sched.last_epoch == t_sched.last_epoch
    assert m_sched.state_dict()['base_lrs'] == t_sched.state_dict()['base_lrs']


@pytest.mark.parametrize('make', [lambda L, ps: L.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1, nesterov=True),
                                  lambda L, ps: L.optim.Adam(ps, lr=0.1, weight_decay=0.1, amsgrad=True)])
def test_zero_dim_parameter_trains_like_torch(make):
    """A 0-d parameter (a learned temperature): numpy gives scalars for 0-d arithmetic, which must not break the
    in-place updates of the state."""
    values = []
    for lib in (torch, minigrad):
        p = lib.tensor(0.5, requires_grad=True)
        opt = make(lib, [p])
        for _ in range(5):
            opt.zero_grad()
            (p * p * 3 - p).exp().backward()
            opt.step()
        values.append(p.item())
    np.testing.assert_allclose(values[1], values[0], rtol=1e-6)
