"""Random sampling. minigrad's numbers cannot be PyTorch's (another generator), so these tests check what must
agree: each distribution's moments (from a fixed seed, N draws, with a tolerance of about 5 standard errors),
shapes and dtypes, reproducibility through seeds and saved states, and the gradients (zero, as PyTorch's: a draw is
not differentiated through its parameters). Errors, node names and dtypes are compared with PyTorch in
tests/opdb.py's entries."""
import numpy as np
import pytest
import torch

import minigrad

N = 200_000


@pytest.fixture(autouse=True)
def seeded():
    with minigrad.random.fork_rng():
        minigrad.manual_seed(0)
        yield


def moments(x):
    a = x.double().numpy()
    return a.mean(), a.std()


def close(value, expected, standard_error):
    """Within 5 standard errors of the mean of N draws (a false alarm about once in 3 million)."""
    assert abs(value - expected) < 5 * standard_error / np.sqrt(N), (value, expected)


@pytest.mark.parametrize('draw, mean, std', [
    (lambda: minigrad.normal(minigrad.full((N,), 2.0), minigrad.full((N,), 3.0)), 2.0, 3.0),
    (lambda: minigrad.normal(minigrad.full((N,), -1.0), 0.5), -1.0, 0.5),
    (lambda: minigrad.normal(1.0, minigrad.full((N,), 2.0)), 1.0, 2.0),
    (lambda: minigrad.normal(1.0, 2.0, (N,)), 1.0, 2.0),
    (lambda: minigrad.empty(N).normal_(1.0, 2.0), 1.0, 2.0),
    (lambda: minigrad.empty(N, dtype=minigrad.float64).uniform_(-1.0, 3.0), 1.0, 4 / np.sqrt(12)),
    (lambda: minigrad.empty(N).exponential_(2.0), 0.5, 0.5),
    (lambda: minigrad.empty(N).geometric_(0.25), 4.0, np.sqrt(0.75) / 0.25),
    (lambda: minigrad.poisson(minigrad.full((N,), 3.0)), 3.0, np.sqrt(3.0)),
    (lambda: minigrad.bernoulli(minigrad.full((N,), 0.3)), 0.3, np.sqrt(0.21)),
    (lambda: minigrad.full((N,), 0.3).bernoulli(0.7), 0.7, np.sqrt(0.21)),
    (lambda: minigrad.empty(N).bernoulli_(minigrad.full((N,), 0.2)), 0.2, 0.4),
    (lambda: minigrad.rand(N, dtype=minigrad.float16), 0.5, np.sqrt(1 / 12)),
    (lambda: minigrad.randn(N, dtype=minigrad.float64), 0.0, 1.0),
    (lambda: minigrad.randint(0, 10, (N,)), 4.5, np.sqrt(99 / 12)),
    (lambda: minigrad.empty(N, dtype=minigrad.int64).random_(5), 2.0, np.sqrt(2.0)),
])
def test_the_moments_of_each_distribution(draw, mean, std):
    m, s = moments(draw())
    close(m, mean, std)
    assert abs(s - std) < 0.02 * std      # the sample std of 200000 draws: ~0.3% standard error


def test_log_normal_and_cauchy_medians():
    """Heavy tails: the median (log-normal: e^mean; Cauchy: its median) and quartiles instead of moments."""
    x = minigrad.empty(N, dtype=minigrad.float64).log_normal_(0.5, 0.8).numpy()
    assert abs(np.median(np.log(x)) - 0.5) < 0.01 and abs(np.log(x).std() - 0.8) < 0.01
    c = minigrad.empty(N, dtype=minigrad.float64).cauchy_(1.0, 2.0).numpy()
    q1, q2, q3 = np.percentile(c, [25, 50, 75])
    assert abs(q2 - 1.0) < 0.05 and abs(q3 - q1 - 4.0) < 0.1


def test_random_without_bounds_covers_the_dtypes_range():
    assert set(minigrad.empty(N, dtype=minigrad.bool).random_().numpy().tolist()) == {False, True}
    u = minigrad.empty(N, dtype=minigrad.uint8).random_().numpy()
    assert u.min() == 0 and u.max() == 255
    f = minigrad.empty(N).random_().numpy()
    assert f.min() >= 0 and f.max() <= 2 ** 24 and f.max() > 2 ** 23 and (f == np.round(f)).all()


def test_multinomial_frequencies():
    weights = minigrad.tensor([[1.0, 0.0, 3.0, 4.0], [0.0, 5.0, 5.0, 0.0]])
    draws = minigrad.multinomial(weights, N, replacement=True).numpy()
    assert draws.shape == (2, N) and draws.dtype == np.int64
    for row, w in zip(draws, weights.numpy()):
        p = w / w.sum()
        freq = np.bincount(row, minlength=4) / N
        assert (freq[p == 0] == 0).all()
        assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / N) + 1e-12)


def test_multinomial_without_replacement():
    weights = minigrad.tensor([1.0, 2.0, 0.0, 7.0])
    firsts = []
    for _ in range(2000):
        picks = minigrad.multinomial(weights, 4).tolist()
        assert sorted(picks) == [0, 1, 2, 3] and picks[-1] == 2     # each once, the zero weight last
        firsts.append(picks[0])
    freq = np.bincount(firsts, minlength=4) / 2000       # the first pick goes by the weights
    np.testing.assert_allclose(freq, [0.1, 0.2, 0.0, 0.7], atol=0.05)


DRAWS = [lambda g: minigrad.rand(5, generator=g), lambda g: minigrad.randn(2, 3, generator=g),
         lambda g: minigrad.randint(0, 100, (5,), generator=g), lambda g: minigrad.randperm(10, generator=g),
         lambda g: minigrad.normal(minigrad.zeros(5), 1.0, generator=g),
         lambda g: minigrad.bernoulli(minigrad.full((5,), 0.5), generator=g),
         lambda g: minigrad.multinomial(minigrad.ones(6), 3, generator=g),
         lambda g: minigrad.poisson(minigrad.full((5,), 4.0), generator=g),
         lambda g: minigrad.empty(5).exponential_(generator=g), lambda g: minigrad.empty(5).uniform_(generator=g)]


@pytest.mark.parametrize('draw', DRAWS)
def test_a_generator_reproduces_its_stream(draw):
    g = minigrad.Generator().manual_seed(7)
    first = draw(g).numpy()
    state = g.get_state()
    second = draw(g).numpy()
    assert not np.array_equal(first, second) or first.size == 1 or draw is DRAWS[5]
    np.testing.assert_array_equal(draw(minigrad.Generator().manual_seed(7)).numpy(), first)
    g.set_state(state)
    np.testing.assert_array_equal(draw(g).numpy(), second)


def test_the_default_generator_and_its_state():
    minigrad.manual_seed(3)
    a = minigrad.randn(4)
    state = minigrad.get_rng_state()
    assert state.dtype == minigrad.uint8 and minigrad.initial_seed() == 3
    b = minigrad.randn(4)
    minigrad.set_rng_state(state)
    assert minigrad.equal(minigrad.randn(4), b)
    with minigrad.random.fork_rng():
        minigrad.randn(100)
    assert not minigrad.equal(minigrad.randn(4), b)       # fork_rng restored the state from before its block
    minigrad.manual_seed(3)
    assert minigrad.equal(minigrad.randn(4), a)
    assert minigrad.default_generator.initial_seed() == 3 and minigrad.Generator().initial_seed() == \
        torch.Generator().initial_seed()
    s = minigrad.seed()
    assert minigrad.initial_seed() == s and isinstance(s, int)


def test_generator_state_errors():
    for bad, in_torch in ((lambda L: L.zeros(3), 'RNG state must be a'), (lambda L: [1, 2], 'expected a')):
        with pytest.raises(TypeError) as want:
            torch.Generator().set_state(bad(torch))
        with pytest.raises(TypeError) as got:
            minigrad.Generator().set_state(bad(minigrad))
        assert str(got.value) == str(want.value).replace('torch.', 'minigrad.')
    with pytest.raises(RuntimeError, match='Expected a CPUGeneratorImplState of size'):
        minigrad.Generator().set_state(minigrad.zeros(3, dtype=minigrad.uint8))
    for seed, error in ((1.5, RuntimeError), (2 ** 64, ValueError)):
        with pytest.raises(error) as want:
            torch.Generator().manual_seed(seed)
        with pytest.raises(error) as got:
            minigrad.Generator().manual_seed(seed)
        assert str(got.value) == str(want.value)
    assert minigrad.Generator().manual_seed(-1).initial_seed() == torch.Generator().manual_seed(-1).initial_seed()


@pytest.mark.parametrize('fn', [
    lambda L, m, s: L.normal(m, s), lambda L, m, s: L.normal(m, 2.0) * s, lambda L, m, s: L.normal(1.0, s) * m,
    lambda L, m, s: L.bernoulli(m.sigmoid()) * s, lambda L, m, s: L.poisson(s) * m,
    lambda L, m, s: (m * 1).bernoulli_(s.sigmoid()) * s, lambda L, m, s: (m * 1).exponential_() + s,
    lambda L, m, s: (m * 1).cauchy_() + s, lambda L, m, s: (m * 1).log_normal_() + s,
    lambda L, m, s: (m * 1).geometric_(0.5) + s, lambda L, m, s: (m * 1).random_() + s])
def test_gradients_of_draws_are_torchs(fn):
    """PyTorch gives a draw's parameters a zero gradient (no reparametrisation), through named nodes. Seeded, so
    that the draws (which decide below whether a gradient is all zeros) do not depend on the tests run before."""
    torch.manual_seed(0)
    minigrad.manual_seed(0)
    seen = []
    for L in (minigrad, torch):
        m = L.tensor([[0.5, 1.0, 2.0]] * 2, requires_grad=True)
        s = L.tensor([1.0, 0.5, 2.0], requires_grad=True)
        y = fn(L, m, s)
        names, node = [], y.grad_fn
        while node is not None and type(node).__name__ not in ('AccumulateGrad',):
            names.append(type(node).__name__)
            node = next((n for n, _ in node.next_functions if n is not None), None)
        y.backward(L.ones(y.shape))
        seen.append((names, y.shape, str(y.dtype).split('.')[-1], m.grad is None or m.grad.tolist(),
                     s.grad is None or s.grad.tolist()))
    assert seen[0][:3] == seen[1][:3]
    # the gradients: where they come through the draw, zero, as PyTorch's; else y's other factor (random values)
    for k in (3, 4):
        if all(v == 0 for row in np.atleast_2d(seen[1][k]) for v in np.atleast_1d(row)):
            np.testing.assert_array_equal(seen[0][k], seen[1][k])


def test_bernoulli_with_a_number_p_cannot_be_differentiated():
    for L in (minigrad, torch):
        x = L.full((3,), 0.5, requires_grad=True)
        y = L.bernoulli(x, 0.3)
        assert type(y.grad_fn).__name__ == 'NotImplemented'
        with pytest.raises(RuntimeError, match='derivative for aten::bernoulli is not implemented'):
            y.sum().backward()
