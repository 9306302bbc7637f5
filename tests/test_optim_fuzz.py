"""Random optimizer runs in PyTorch and in minigrad, compared step by step: an optimizer of torch.optim's (every one
minigrad has but LBFGS, whose closure test_optim_more.py covers), its options drawn from PyTorch's (in one run in
six values it refuses too: then both must raise the same error), one or two parameter groups, parameters of random
shapes (0-d and empty ones too) and dtypes, and a plan of steps: gradients drawn at random, left None, zero or with
an inf; a group's lr changed between steps; the state dict saved and loaded into a fresh optimizer over copies of
the parameters. After every step the parameters are compared, at the end the state dicts (layout, values, dtypes).

Tolerances are test_optim.py's (float64 rtol 1e-12, float32 rtol 1e-5 / atol 1e-6), the atol scaled by the largest
value seen and by the lr (a step of lr 10 ends near 0 as the difference of terms ten times larger). Default profile:
25 runs, the same each time; `--hypothesis-profile=thorough` draws 1000 new ones.
"""
import warnings

import numpy as np
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from test_optim import error_of
from test_optim_more import assert_same_state_dict

def choice(valid, invalid=()):
    """An option's values: (those PyTorch takes, those and some it refuses)."""
    return st.sampled_from(valid), st.sampled_from(valid + invalid)


def betas(valid=(0.0, 0.3, 0.9, 0.999), invalid=(1.0, -0.1)):
    return tuple(st.tuples(values, values) for values in choice(valid, invalid))


FLAG = (st.booleans(), st.booleans())
WEIGHT_DECAY = choice((0.0, 0.1), (-0.1,))
# each optimizer's options as PyTorch names them, with values that PyTorch takes (and some it refuses)
OPTIONS = {
    'SGD': dict(momentum=choice((0.0, 0.5, 0.9), (-1.0,)), dampening=choice((0.0, 0.3)), nesterov=FLAG,
                weight_decay=WEIGHT_DECAY, maximize=FLAG),
    'Adam': dict(betas=betas(), eps=choice((1e-8, 1e-3), (-1.0,)), weight_decay=WEIGHT_DECAY, amsgrad=FLAG,
                 maximize=FLAG, decoupled_weight_decay=FLAG),
    'AdamW': dict(betas=betas(), eps=choice((1e-8, 1e-3)), weight_decay=WEIGHT_DECAY, amsgrad=FLAG, maximize=FLAG),
    'Adamax': dict(betas=betas(), eps=choice((1e-8, 1e-3), (-1.0,)), weight_decay=WEIGHT_DECAY, maximize=FLAG),
    'NAdam': dict(betas=betas(), eps=choice((1e-8, 1e-3)), weight_decay=WEIGHT_DECAY,
                  momentum_decay=choice((0.004, 0.1), (-1.0,)), decoupled_weight_decay=FLAG, maximize=FLAG),
    'RAdam': dict(betas=betas(), eps=choice((1e-8, 1e-3)), weight_decay=WEIGHT_DECAY, decoupled_weight_decay=FLAG,
                  maximize=FLAG),
    # (no alpha of 0: centered, it leaves v - g * g, 0 in exact arithmetic, which PyTorch's fused multiply-add gives
    # as the rounding error of g * g, of either sign, so NaN or a step of lr / sqrt(1e-17))
    'RMSprop': dict(alpha=choice((0.99, 0.5), (-0.1,)), eps=choice((1e-8, 1e-3)),
                    momentum=choice((0.0, 0.9), (-1.0,)), centered=FLAG, weight_decay=WEIGHT_DECAY, maximize=FLAG),
    'Adagrad': dict(lr_decay=choice((0.0, 0.01), (-1.0,)), initial_accumulator_value=choice((0.0, 0.5), (-1.0,)),
                    eps=choice((1e-10, 1e-3)), weight_decay=WEIGHT_DECAY, maximize=FLAG),
    'Adadelta': dict(rho=choice((0.9, 0.5), (1.5,)), eps=choice((1e-6, 1e-3)), weight_decay=WEIGHT_DECAY,
                     maximize=FLAG),
}
LR = choice((1e-3, 0.1, 1.0, 10.0), (-0.1,))
SHAPES = [(), (0,), (3,), (2, 3), (1, 4)]
TOL = {'float64': dict(rtol=1e-12, atol=1e-14), 'float32': dict(rtol=1e-5, atol=1e-6)}


@st.composite
def runs(draw):
    name = draw(st.sampled_from(sorted(OPTIONS)))
    refused = int(draw(st.integers(0, 5)) == 0)     # one run in six may draw values PyTorch refuses
    options = {key: draw(values[refused]) for key, values in dict(OPTIONS[name], foreach=FLAG).items()
               if draw(st.booleans())}
    options['lr'] = draw(LR[refused])
    dtype = draw(st.sampled_from(['float64', 'float32']))
    shapes = draw(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=3))
    second = draw(st.none() | st.fixed_dictionaries({'lr': st.sampled_from([0.01, 0.5])}))
    steps = draw(st.lists(st.sampled_from(['random', 'random', 'random', 'none', 'zero', 'inf', 'lr', 'reload']),
                          min_size=1, max_size=8))
    return dict(name=name, options=options, dtype=dtype, shapes=shapes, second=second, steps=steps,
                seed=draw(st.integers(0, 2 ** 16)))


def make(L, run, params):
    groups = params
    if run['second'] is not None and len(params) > 1:
        groups = [{'params': params[:1]}, dict(run['second'], params=params[1:])]
    return getattr(L.optim, run['name'])(groups, **run['options'])


def play(run):
    """Run the plan in both libraries; return the first error's (type, message) or None."""
    rng = np.random.default_rng(run['seed'])
    arrays = [rng.standard_normal(s).astype(run['dtype']) for s in run['shapes']]
    params = {L: [L.tensor(a, requires_grad=True) for a in arrays] for L in (torch, minigrad)}
    errors = {}
    for L in (torch, minigrad):
        try:
            make(L, run, params[L])
        except Exception as e:      # noqa: BLE001 (the error is what is compared)
            errors[L] = (type(e).__name__, str(e))
    assert errors.get(minigrad) == errors.get(torch), run
    if errors:
        return
    opts = {L: make(L, run, params[L]) for L in (torch, minigrad)}
    largest = max([1.0] + [float(np.abs(a).max()) for a in arrays if a.size]) * max(1.0, abs(run['options']['lr']))
    for k, step in enumerate(run['steps']):
        if step == 'lr':
            for L in opts:
                opts[L].param_groups[0]['lr'] = 0.05
        elif step == 'reload':      # a fresh optimizer over copies of the parameters, loaded from the state dict
            for L in opts:
                state = opts[L].state_dict()
                params[L] = [L.tensor(p.detach().numpy(), requires_grad=True) for p in params[L]]
                opts[L] = make(L, run, params[L])
                opts[L].load_state_dict(state)
        else:
            for i, a in enumerate(arrays):
                g = rng.standard_normal(a.shape).astype(run['dtype'])
                if step == 'zero':
                    g[...] = 0
                elif step == 'inf' and g.size:
                    g.flat[0] = np.inf
                for L in opts:
                    params[L][i].grad = None if step == 'none' and i == 0 else L.tensor(g)
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                for L in opts:
                    opts[L].step()
        for i, (t, m) in enumerate(zip(params[torch], params[minigrad])):
            want, got = t.detach().numpy(), m.detach().numpy()
            finite = np.abs(want[np.isfinite(want)])
            if finite.size:
                largest = max(largest, float(finite.max()) * max(1.0, abs(run['options']['lr'])))
            tol = dict(TOL[run['dtype']], atol=TOL[run['dtype']]['atol'] * largest)
            np.testing.assert_allclose(got, want, err_msg=f'step {k} ({step}), param {i}: {run}', **tol)
    assert_same_state_dict(opts[minigrad].state_dict(), opts[torch].state_dict(),
                           dict(TOL[run['dtype']], atol=TOL[run['dtype']]['atol'] * largest))


@settings(derandomize=getattr(settings, '_current_profile', None) == 'default')
@given(runs())
def test_optimizer_run(run):
    play(run)


def test_the_check_catches_a_difference(monkeypatch):
    """A wrong step in minigrad (SGD's lr applied twice) must fail the comparison."""
    run = dict(name='SGD', options={'lr': 0.1}, dtype='float64', shapes=[(3,)], second=None, steps=['random'],
               seed=0)
    original = minigrad.optim.SGD.step

    def twice(self, closure=None):
        original(self, closure)
        return original(self, closure)
    monkeypatch.setattr(minigrad.optim.SGD, 'step', twice)
    error_of(lambda: play(run))
