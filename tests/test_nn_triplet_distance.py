"""F.triplet_margin_with_distance_loss against PyTorch: values and gradients of the three inputs with the default
distance, a custom one and swap, every reduction, second derivatives, errors."""
import pytest
import torch

import minigrad
from helpers import check_op, check_second_derivative


def loss_of(**kw):
    def fn(a, p, n):
        lib = torch if isinstance(a, torch.Tensor) else minigrad
        extra = dict(kw)
        if extra.pop('cosine', False):
            extra['distance_function'] = lambda x, y: 1.0 - lib.nn.functional.cosine_similarity(x, y)
        return lib.nn.functional.triplet_margin_with_distance_loss(a, p, n, **extra)
    return fn


CALLS = [dict(), dict(reduction='sum', margin=2.0), dict(reduction='none', swap=True), dict(cosine=True, swap=True),
         dict(cosine=True, margin=0.5, reduction='none')]


@pytest.mark.parametrize('kw', CALLS)
def test_triplet_margin_with_distance_loss(kw):
    shapes = [(5, 4), (5, 4), (5, 4)]
    check_op(shapes, loss_of(**kw))
    check_second_derivative(shapes, loss_of(**kw))


@pytest.mark.parametrize('shapes, kw', [([(5, 4)] * 3, dict(reduction='bogus')), ([(5, 4)] * 3, dict(margin=0.0)),
                                        ([(5, 4), (5, 4), (4,)], {})])
def test_errors(shapes, kw):
    raised = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info:
            lib.nn.functional.triplet_margin_with_distance_loss(*[lib.zeros(s) for s in shapes], **kw)
        raised.append((type(info.value), str(info.value)))
    assert raised[1] == raised[0]
