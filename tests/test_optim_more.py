"""The optimizers beyond SGD and Adam (AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, LBFGS) against
torch.optim: the same weights and the same gradients give the same trajectories, step by step, and the same state
dicts (layout, values, dtypes); a loaded state dict resumes identically. Tolerances are test_optim.py's (float64
rtol 1e-12: the same arithmetic in the same order; float32 rtol 1e-5 / atol 1e-6)."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad import optim
from test_optim import TOL, assert_same, error_of, groups, make_params

CASES = {
    'AdamW': {'default': {}, 'amsgrad_maximize': dict(lr=0.05, weight_decay=0.1, amsgrad=True, maximize=True),
              'small_beta1': dict(lr=0.01, betas=(0.3, 0.9))},
    'Adam': {'decoupled': dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
             'small_beta1_foreach': dict(lr=0.01, betas=(0.2, 0.5), foreach=False)},
    'RMSprop': {'default': {}, 'momentum': dict(lr=0.01, momentum=0.9),
                'centered': dict(lr=0.01, alpha=0.9, centered=True, eps=1e-6),
                'all': dict(lr=0.02, alpha=0.3, momentum=0.5, centered=True, weight_decay=0.1, maximize=True)},
    'Adagrad': {'default': {}, 'decay': dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5),
                'weight_decay_maximize': dict(lr=0.1, weight_decay=0.1, eps=1e-6, maximize=True)},
    'Adadelta': {'default': {}, 'rho_eps': dict(lr=0.5, rho=0.5, eps=1e-4),
                 'weight_decay_maximize': dict(weight_decay=0.1, maximize=True)},
    'Adamax': {'default': {}, 'betas': dict(lr=0.01, betas=(0.4, 0.8), eps=1e-6),
               'weight_decay_maximize': dict(lr=0.01, weight_decay=0.1, maximize=True)},
    'NAdam': {'default': {}, 'momentum_decay': dict(lr=0.01, momentum_decay=0.1, betas=(0.3, 0.9)),
              'weight_decay': dict(lr=0.01, weight_decay=0.1, maximize=True),
              'decoupled': dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)},
    # betas[1] = 0.5 makes rho_t > 5 from the first steps, 0.999 keeps it below for the first five
    'RAdam': {'default': {}, 'rectified': dict(lr=0.01, betas=(0.8, 0.5)),
              'weight_decay': dict(lr=0.01, betas=(0.9, 0.9), weight_decay=0.1, maximize=True),
              'decoupled': dict(lr=0.01, betas=(0.9, 0.9), weight_decay=0.1, decoupled_weight_decay=True)},
}
PARAMS = [(name, case) for name in CASES for case in CASES[name]]
SECOND_GROUP = {'lr': 0.03, 'weight_decay': 0.05}


def make(name, options, two_groups):
    opts = [{}, SECOND_GROUP] if two_groups else None
    return lambda lib, p: getattr(lib, name)(groups(p, opts), **options)


def run_steps(t_opt, m_opt, tp, mp, dtype, steps, seed):
    """`steps` steps with the same random gradients (one parameter left without a gradient every third step)."""
    rng = np.random.default_rng(seed)
    for k in range(steps):
        for i, (t, m) in enumerate(zip(tp, mp)):
            g = rng.standard_normal(t.shape).astype(dtype)
            t.grad, m.grad = (None, None) if (k + i) % 3 == 2 else (torch.tensor(g), minigrad.tensor(g))
        t_opt.step()
        m_opt.step()
        assert_same(tp, mp, dtype)


def assert_same_state_dict(m_sd, t_sd, tol):
    assert sorted(m_sd['state']) == sorted(t_sd['state'])
    assert m_sd['param_groups'] == t_sd['param_groups']          # every option of every group, params as indices
    for i, t_state in t_sd['state'].items():
        m_state = m_sd['state'][i]
        assert list(m_state) == list(t_state)
        for key, t_value in t_state.items():
            m_value = m_state[key]
            assert m_value.dtype.name == str(t_value.dtype).replace('torch.', ''), key
            np.testing.assert_allclose(m_value.numpy(), t_value.numpy(), err_msg=key, **tol)


@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('two_groups', [False, True], ids=['one_group', 'two_groups'])
@pytest.mark.parametrize('name, case', PARAMS)
def test_trajectory_and_state_match_torch(name, case, two_groups, dtype):
    tp, mp = make_params(dtype)
    build = make(name, CASES[name][case], two_groups)
    t_opt, m_opt = build(torch.optim, tp), build(optim, mp)
    run_steps(t_opt, m_opt, tp, mp, dtype, steps=12, seed=1)
    assert_same_state_dict(m_opt.state_dict(), t_opt.state_dict(), TOL[dtype])


@pytest.mark.parametrize('name', CASES)
def test_state_dict_round_trip_resumes_identically(name):
    """Both libraries save, load into a new optimizer over copies of the parameters, and go on: the same state
    dicts (loading casts state to the parameters' dtype: NAdam's mu_product becomes float64) and trajectories."""
    tp, mp = make_params('float64')
    build = make(name, list(CASES[name].values())[-1], True)
    t_opt, m_opt = build(torch.optim, tp), build(optim, mp)
    run_steps(t_opt, m_opt, tp, mp, 'float64', steps=4, seed=1)
    tp2 = [torch.tensor(t.detach().numpy(), requires_grad=True) for t in tp]
    mp2 = [minigrad.tensor(m.detach().numpy(), requires_grad=True) for m in mp]
    t_opt2, m_opt2 = build(torch.optim, tp2), build(optim, mp2)
    t_opt2.load_state_dict(t_opt.state_dict())
    m_opt2.load_state_dict(m_opt.state_dict())
    assert_same_state_dict(m_opt2.state_dict(), t_opt2.state_dict(), TOL['float64'])
    saved = {key: value.numpy().copy() for key, value in m_opt.state[mp[0]].items()}
    run_steps(t_opt2, m_opt2, tp2, mp2, 'float64', steps=4, seed=2)
    assert_same_state_dict(m_opt2.state_dict(), t_opt2.state_dict(), TOL['float64'])
    # the loaded buffers are copies: the first optimizer's state did not move with the second
    assert all(np.array_equal(m_opt.state[mp[0]][key].numpy(), value) for key, value in saved.items())


def test_nadam_state_dtypes_after_loading_into_float64_params():
    """PyTorch casts every loaded state tensor but 'step' to the parameter's dtype: mu_product becomes float64."""
    sds = []
    for lib in (torch, minigrad):
        p = lib.ones(3, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.NAdam([p])
        p.grad = lib.ones(3, dtype=lib.float64)
        opt.step()
        opt.load_state_dict(opt.state_dict())
        sds.append(opt.state_dict())
    assert_same_state_dict(sds[1], sds[0], TOL['float64'])


def test_adagrad_state_is_made_up_front_and_for_added_groups():
    tp, mp = make_params('float64')
    t_opt = torch.optim.Adagrad(tp[:2], lr=0.1, initial_accumulator_value=0.3)
    m_opt = optim.Adagrad(mp[:2], lr=0.1, initial_accumulator_value=0.3)
    assert_same_state_dict(m_opt.state_dict(), t_opt.state_dict(), TOL['float64'])
    t_opt.add_param_group({'params': tp[2:], 'lr': 0.5, 'initial_accumulator_value': 2.0})
    m_opt.add_param_group({'params': mp[2:], 'lr': 0.5, 'initial_accumulator_value': 2.0})
    run_steps(t_opt, m_opt, tp, mp, 'float64', steps=3, seed=3)
    assert_same_state_dict(m_opt.state_dict(), t_opt.state_dict(), TOL['float64'])


def test_zero_grad_set_to_none_false_and_repr():
    tp, mp = make_params('float64')
    for opt, params in ((torch.optim.RMSprop(tp), tp), (optim.RMSprop(mp), mp)):
        for p in params:
            p.grad = p.detach() * 2
        opt.zero_grad(set_to_none=False)
        assert all(p.grad is not None and not p.grad.numpy().any() for p in params)
        opt.zero_grad()
        assert all(p.grad is None for p in params)
    assert repr(optim.NAdam(mp)) == repr(torch.optim.NAdam(tp))


ERRORS = [
    ('AdamW', dict(lr=-1)), ('AdamW', dict(betas=(0.9, 1.0))), ('AdamW', dict(weight_decay=-0.1)),
    ('AdamW', dict(fused=True, foreach=True)), ('Adam', dict(betas=(0, 0.9))), ('SGD', dict(foreach=True, fused=True)),
    ('RMSprop', dict(lr=-1)), ('RMSprop', dict(eps=-1)), ('RMSprop', dict(momentum=-1)),
    ('RMSprop', dict(weight_decay=-1)), ('RMSprop', dict(alpha=-1)),
    ('Adagrad', dict(lr=-1)), ('Adagrad', dict(lr_decay=-1)), ('Adagrad', dict(weight_decay=-1)),
    ('Adagrad', dict(initial_accumulator_value=-1)), ('Adagrad', dict(eps=-1)),
    ('Adadelta', dict(lr=-1)), ('Adadelta', dict(rho=1.5)), ('Adadelta', dict(eps=-1)),
    ('Adadelta', dict(weight_decay=-1)),
    ('Adamax', dict(lr=-1)), ('Adamax', dict(eps=-1)), ('Adamax', dict(betas=(-0.1, 0.9))),
    ('Adamax', dict(betas=(0.9, 1.0))), ('Adamax', dict(weight_decay=-1)),
    ('NAdam', dict(lr=-1)), ('NAdam', dict(momentum_decay=-1)), ('NAdam', dict(betas=(1.0, 0.9))),
    ('RAdam', dict(lr=-1)), ('RAdam', dict(eps=-1)), ('RAdam', dict(betas=(0.9, 2.0))),
    ('RAdam', dict(weight_decay=-1)),
    ('LBFGS', dict(lr=-1)),
]


@pytest.mark.parametrize('name, options', ERRORS, ids=[f'{n}-{"-".join(o)}' for n, o in ERRORS])
def test_errors_match_torch(name, options):
    t_type, t_msg = error_of(lambda: getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **options))
    m_type, m_msg = error_of(lambda: getattr(optim, name)([minigrad.zeros(2, requires_grad=True)], **options))
    assert (m_type, m_msg) == (t_type, t_msg)


def test_add_param_group_errors_match_torch():
    for bad in ([1], {'params': [minigrad.zeros(1, requires_grad=True)], 'lr': 1} and 5):
        t = error_of(lambda: torch.optim.SGD([torch.zeros(1, requires_grad=True)]).add_param_group(bad))
        m = error_of(lambda: optim.SGD([minigrad.zeros(1, requires_grad=True)]).add_param_group(bad))
        assert m == t
    t = error_of(lambda: torch.optim.LBFGS([{'params': [torch.zeros(1, requires_grad=True)]},
                                            {'params': [torch.zeros(1, requires_grad=True)]}]))
    m = error_of(lambda: optim.LBFGS([{'params': [minigrad.zeros(1, requires_grad=True)]},
                                      {'params': [minigrad.zeros(1, requires_grad=True)]}]))
    assert m == t


# -- LBFGS: the closure re-evaluates a smooth non-quadratic loss (Rosenbrock's valley plus a quartic) ----------------

def lbfgs_loss(lib, params):
    x, w = params
    rosenbrock = (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
    return rosenbrock + (w ** 4).sum() + (w[0, 0] * x[0]).sin()


@pytest.mark.parametrize('options', [dict(), dict(line_search_fn='strong_wolfe'),
                                     dict(lr=0.5, max_iter=5, history_size=3),
                                     dict(line_search_fn='strong_wolfe', max_iter=7, history_size=2,
                                          tolerance_change=1e-12)],
                         ids=['default', 'strong_wolfe', 'short_history', 'strong_wolfe_short_history'])
def test_lbfgs_matches_torch(options):
    rng = np.random.default_rng(0)
    arrays = [rng.uniform(-1.5, 1.5, 4), rng.uniform(-1, 1, (2, 3))]
    results = []
    for lib in (torch, minigrad):
        params = [lib.tensor(a, requires_grad=True) for a in arrays]
        opt = lib.optim.LBFGS(params, **options)

        def closure():
            opt.zero_grad()
            loss = lbfgs_loss(lib, params)
            loss.backward()
            return loss
        losses = [opt.step(closure).item() for _ in range(3)]
        state = opt.state[params[0]]
        results.append((losses, [p.detach().numpy() for p in params], state['func_evals'], state['n_iter'],
                        sorted(state), len(state['old_dirs']), float(state['t'])))
    (t_losses, t_params, *t_rest), (m_losses, m_params, *m_rest) = results
    # float64 with line searches that branch on comparisons: the same branches, values within 1e-9
    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-9)
    for m, t in zip(m_params, t_params):
        np.testing.assert_allclose(m, t, rtol=1e-9, atol=1e-12)
    assert m_rest[:4] == t_rest[:4]
    assert m_rest[4] == pytest.approx(t_rest[4], rel=1e-9)


def test_lbfgs_state_dict_round_trip():
    params = [minigrad.tensor([1.5, -0.5, 0.3], dtype=minigrad.float64, requires_grad=True)]
    opt = optim.LBFGS(params, max_iter=3)

    def closure():
        opt.zero_grad()
        loss = ((params[0] - 1) ** 4).sum()
        loss.backward()
        return loss
    opt.step(closure)
    sd = opt.state_dict()
    opt2 = optim.LBFGS([minigrad.tensor(params[0].detach().numpy(), requires_grad=True)], max_iter=3)
    opt2.load_state_dict(sd)
    state, state2 = sd['state'][0], opt2.state_dict()['state'][0]
    assert sorted(state) == sorted(state2)
    assert all(a is not b and np.array_equal(a.numpy(), b.numpy()) for a, b in zip(state['old_dirs'],
                                                                                  state2['old_dirs']))
