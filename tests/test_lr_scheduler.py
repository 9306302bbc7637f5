"""minigrad.optim.lr_scheduler against torch.optim.lr_scheduler: the same optimizer and schedule, stepped as a
training loop steps them (optimizer.step() then scheduler.step()), must give the same learning rates (and cycled
momenta) at every step, exactly: both do the same float arithmetic in Python. The state dicts must match too, and a
schedule restored from one must go on identically."""
import math
import warnings

import pytest
import torch

import minigrad
from minigrad import optim

L = 'lr_scheduler'


def make_optimizer(lib, kind='SGD', two_groups=True):
    params = [lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)]
    groups = [{'params': params[:1]}, {'params': params[1:], 'lr': 0.05}] if two_groups else params
    if kind == 'SGD':
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9)
    return getattr(lib.optim, kind)(groups, lr=0.1)


class Decay:
    """A callable object for LambdaLR: its state (a dict) goes into the scheduler's state dict."""

    def __init__(self, rate):
        self.rate = rate

    def __call__(self, epoch):
        return self.rate ** epoch


# id -> (optimizer kind, factory(sched module, optimizer), steps)
SCHEDULES = {
    'LambdaLR': ('SGD', lambda S, o: S.LambdaLR(o, lambda e: 0.95 ** e), 8),
    'LambdaLR_per_group': ('SGD', lambda S, o: S.LambdaLR(o, [lambda e: 1 / (e + 1), Decay(0.8)]), 8),
    'MultiplicativeLR': ('SGD', lambda S, o: S.MultiplicativeLR(o, lambda e: 0.9 if e < 4 else 1.05), 8),
    'StepLR': ('SGD', lambda S, o: S.StepLR(o, step_size=3, gamma=0.5), 10),
    'MultiStepLR': ('SGD', lambda S, o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3), 12),
    'ExponentialLR': ('SGD', lambda S, o: S.ExponentialLR(o, gamma=0.9), 10),
    'CosineAnnealingLR': ('SGD', lambda S, o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 25),
    'CosineAnnealingWarmRestarts': ('SGD', lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2,
                                                                                       eta_min=1e-3), 25),
    'CosineAnnealingWarmRestarts_mult1': ('SGD', lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=4), 13),
    'CyclicLR_triangular': ('SGD', lambda S, o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, step_size_down=2), 16),
    'CyclicLR_triangular2': ('SGD', lambda S, o: S.CyclicLR(o, [0.01, 0.02], [0.1, 0.2], step_size_up=2,
                                                            mode='triangular2', base_momentum=0.7), 16),
    'CyclicLR_exp_range_adam': ('Adam', lambda S, o: S.CyclicLR(o, 0.001, 0.01, step_size_up=3, mode='exp_range',
                                                                gamma=0.9), 16),
    'CyclicLR_scale_fn_no_momentum': ('Adagrad', lambda S, o: S.CyclicLR(
        o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, scale_mode='iterations', cycle_momentum=False), 12),
    'OneCycleLR': ('SGD', lambda S, o: S.OneCycleLR(o, max_lr=[0.1, 0.3], total_steps=20), 19),
    'OneCycleLR_linear_three_phase_adam': ('Adam', lambda S, o: S.OneCycleLR(
        o, max_lr=0.1, epochs=4, steps_per_epoch=5, anneal_strategy='linear', three_phase=True, pct_start=0.25), 19),
    'LinearLR': ('SGD', lambda S, o: S.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=4), 8),
    'ConstantLR': ('SGD', lambda S, o: S.ConstantLR(o, factor=0.5, total_iters=4), 8),
    'PolynomialLR': ('SGD', lambda S, o: S.PolynomialLR(o, total_iters=6, power=2.0), 9),
    'SequentialLR': ('SGD', lambda S, o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=3),
                                                           S.ExponentialLR(o, gamma=0.9)], milestones=[3]), 10),
    'SequentialLR_three': ('SGD', lambda S, o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.2, total_iters=2),
                                                                 S.StepLR(o, 2, 0.5),
                                                                 S.CosineAnnealingLR(o, T_max=4)], milestones=[2, 6]),
                           14),
    'ChainedScheduler': ('SGD', lambda S, o: S.ChainedScheduler([S.ExponentialLR(o, gamma=0.9),
                                                                 S.StepLR(o, step_size=2, gamma=0.5)]), 10),
}
MOMENTUM_KEYS = ('momentum', 'betas', 'max_momentum', 'base_momentum', 'initial_lr', 'max_lr', 'min_lr')


def comparable(state):
    """A scheduler's state dict without what cannot be compared across libraries (functions, nested dicts
    made the same way)."""
    out = {}
    for key, value in state.items():
        if key == '_schedulers':
            out[key] = [comparable(s) for s in value]
        elif key == 'milestones':
            out[key] = dict(value)
        elif not callable(value):
            out[key] = value
    return out


def assert_same_groups(m_opt, t_opt):
    for m_group, t_group in zip(m_opt.param_groups, t_opt.param_groups):
        assert m_group['lr'] == t_group['lr']
        for key in MOMENTUM_KEYS:
            assert m_group.get(key) == t_group.get(key), key


def build(lib, name):
    kind, factory, _ = SCHEDULES[name]
    opt = make_optimizer(lib, kind)
    return opt, factory(getattr(lib.optim, L), opt)


@pytest.mark.parametrize('name', SCHEDULES)
def test_schedule_matches_torch(name):
    steps = SCHEDULES[name][2]
    (t_opt, t_sched), (m_opt, m_sched) = build(torch, name), build(minigrad, name)
    seen = set()
    for _ in range(steps):
        assert m_sched.get_last_lr() == t_sched.get_last_lr()
        assert_same_groups(m_opt, t_opt)
        seen.add(tuple(t_sched.get_last_lr()))
        t_opt.step()
        m_opt.step()
        t_sched.step()
        m_sched.step()
    assert m_sched.get_last_lr() == t_sched.get_last_lr()
    assert_same_groups(m_opt, t_opt)
    assert len(seen) > 1, 'the schedule should move'
    assert comparable(m_sched.state_dict()) == comparable(t_sched.state_dict())


@pytest.mark.parametrize('name', ['LambdaLR_per_group', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts',
                                  'CyclicLR_triangular2', 'OneCycleLR', 'SequentialLR_three', 'ChainedScheduler'])
def test_state_dict_restores_the_schedule(name):
    """Save optimizer and schedule halfway, load both into new ones, and go on: the same lrs as torch's
    uninterrupted run."""
    steps = SCHEDULES[name][2]
    (t_opt, t_sched), (m_opt, m_sched) = build(torch, name), build(minigrad, name)
    for _ in range(steps // 2):
        t_opt.step(), t_sched.step(), m_opt.step(), m_sched.step()
    m_opt2, m_sched2 = build(minigrad, name)
    m_opt2.load_state_dict(m_opt.state_dict())
    m_sched2.load_state_dict(m_sched.state_dict())
    for _ in range(steps - steps // 2):
        t_opt.step(), t_sched.step(), m_opt2.step(), m_sched2.step()
        assert m_sched2.get_last_lr() == t_sched.get_last_lr()
        assert_same_groups(m_opt2, t_opt)


PLATEAU = {
    'min_rel': dict(),
    'min_abs_patience_cooldown': dict(threshold=0.05, threshold_mode='abs', patience=1, cooldown=2, factor=0.5),
    'max_rel_min_lr': dict(mode='max', patience=0, factor=0.3, min_lr=[0.01, 0.002]),
    'max_abs_eps': dict(mode='max', threshold_mode='abs', patience=2, min_lr=0.03, eps=0.02),
}
METRICS = [1.0, 0.9, 0.9, 0.95, 0.9, 0.89, 0.7, 0.7, 0.7, 0.71, 0.8, 0.3, 0.3, 0.3, 0.31, 0.32, 0.3, 0.3, 0.3, 0.3,
           0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.5, 0.5, 0.5]


@pytest.mark.parametrize('case', PLATEAU)
def test_reduce_lr_on_plateau_matches_torch(case):
    results = []
    for lib in (torch, minigrad):
        opt = make_optimizer(lib)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **PLATEAU[case])
        lrs = []
        for metric in METRICS:
            opt.step()
            sched.step(lib.tensor(metric, dtype=lib.float64) if lib is minigrad else metric)  # float() of a tensor
            lrs.append(sched.get_last_lr())
        results.append((lrs, sched.state_dict()))
    (t_lrs, t_state), (m_lrs, m_state) = results
    assert m_lrs == t_lrs
    assert len({tuple(lr) for lr in t_lrs}) > 1
    assert m_state == t_state


def test_closed_form_step_with_epoch_warns_like_torch():
    for name, epochs in [('StepLR', [0, 4, 7, 2]), ('CosineAnnealingLR', [3, 8, 1]), ('LinearLR', [2, 9]),
                         ('CosineAnnealingWarmRestarts', [0.5, 3.2, 10, 11.7, 2]), ('MultiStepLR', [6, 3])]:
        (t_opt, t_sched), (m_opt, m_sched) = build(torch, name), build(minigrad, name)
        for epoch in epochs:
            t_opt.step(), m_opt.step()
            t_w, m_w = messages(lambda: t_sched.step(epoch)), messages(lambda: m_sched.step(epoch))
            assert m_w == t_w and len(t_w) == (name != 'CosineAnnealingWarmRestarts')
            assert m_sched.get_last_lr() == t_sched.get_last_lr(), (name, epoch)


def messages(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        fn()
    return [(w_.category, str(w_.message)) for w_ in w]


def test_warnings_match_torch():
    def scheduler_first(lib):
        opt = make_optimizer(lib)
        sched = lib.optim.lr_scheduler.StepLR(opt, 2)
        sched.step()
        opt.step()
        sched.step()

    def get_lr_outside_step(lib):
        lib.optim.lr_scheduler.ExponentialLR(make_optimizer(lib), 0.5).get_lr()

    def in_order(lib):
        opt = make_optimizer(lib)
        sched = lib.optim.lr_scheduler.StepLR(opt, 2)
        opt.step()
        sched.step()

    for fn in (scheduler_first, get_lr_outside_step, in_order):
        assert messages(lambda: fn(minigrad)) == messages(lambda: fn(torch)), fn.__name__
    assert len(messages(lambda: scheduler_first(torch))) == 1 and not messages(lambda: in_order(torch))


def step_times(scheduler, n):
    for _ in range(n):
        scheduler.step()


ERRORS = [
    lambda S, o: S.StepLR(object(), 3),
    lambda S, o: S.StepLR(o, 3, last_epoch=4),
    lambda S, o: S.LambdaLR(o, [lambda e: 1.0]),
    lambda S, o: S.MultiplicativeLR(o, 0.9),
    lambda S, o: S.ConstantLR(o, factor=1.5),
    lambda S, o: S.LinearLR(o, start_factor=0),
    lambda S, o: S.LinearLR(o, end_factor=2),
    lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=0),
    lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=1.5),
    lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=2, eta_min='0'),
    lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=2).step(-1),
    lambda S, o: S.CyclicLR(o, 0.01, 0.1, mode='sine'),
    lambda S, o: S.CyclicLR(o, [0.01], 0.1),
    lambda S, o: S.OneCycleLR(o, 0.1),
    lambda S, o: S.OneCycleLR(o, 0.1, total_steps=0),
    lambda S, o: S.OneCycleLR(o, 0.1, epochs=2, steps_per_epoch=0),
    lambda S, o: S.OneCycleLR(o, 0.1, total_steps=10, pct_start=1),
    lambda S, o: S.OneCycleLR(o, 0.1, total_steps=10, anneal_strategy='exp'),
    lambda S, o: step_times(S.OneCycleLR(o, 0.1, total_steps=2), 3),
    lambda S, o: S.ReduceLROnPlateau(o, factor=1.0),
    lambda S, o: S.ReduceLROnPlateau(o, mode='mean'),
    lambda S, o: S.ReduceLROnPlateau(o, threshold_mode='pct'),
    lambda S, o: S.ReduceLROnPlateau(o, min_lr=[0.1]),
    lambda S, o: S.SequentialLR(o, [S.StepLR(o, 2), S.StepLR(o, 3)], milestones=[]),
    lambda S, o: S.SequentialLR(o, [], milestones=[]),
    lambda S, o: S.SequentialLR(o, [S.ReduceLROnPlateau(o)], milestones=[]),
    lambda S, o: S.ChainedScheduler([]),
    lambda S, o: S.ChainedScheduler([S.StepLR(o, 2), object()]),
]


@pytest.mark.parametrize('i', range(len(ERRORS)))
def test_errors_match_torch(i):
    outcome = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info, warnings.catch_warnings():
            warnings.simplefilter('ignore')
            ERRORS[i](getattr(lib.optim, L), make_optimizer(lib))
        outcome.append((type(info.value), str(info.value)))
    assert outcome[1] == outcome[0]


def test_cyclic_lr_needs_a_momentum():
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match='optimizer must support momentum or beta1'):
            lib.optim.lr_scheduler.CyclicLR(make_optimizer(lib, 'Adagrad'), 0.01, 0.1)
    assert math.isclose(optim.lr_scheduler.CyclicLR._triangular2_scale_fn(3), 0.25)
