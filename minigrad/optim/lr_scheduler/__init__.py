"""Learning-rate schedules, as torch.optim.lr_scheduler: call `scheduler.step()` once per epoch (or batch, for
CyclicLR and OneCycleLR), after `optimizer.step()`.

    scheduler.py    LRScheduler (the base: initial_lr, last_epoch, get_last_lr, state_dict), LambdaLR,
                    MultiplicativeLR
    decay.py        StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR
    cosine.py       CosineAnnealingLR, CosineAnnealingWarmRestarts
    cyclic.py       CyclicLR, OneCycleLR (they also cycle the momentum or beta1)
    combine.py      SequentialLR, ChainedScheduler
    plateau.py      ReduceLROnPlateau
"""
from .combine import ChainedScheduler, SequentialLR
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .cyclic import CyclicLR, OneCycleLR
from .decay import ConstantLR, ExponentialLR, LinearLR, MultiStepLR, PolynomialLR, StepLR
from .plateau import ReduceLROnPlateau
from .scheduler import LambdaLR, LRScheduler, MultiplicativeLR

__all__ = ['LRScheduler', 'LambdaLR', 'MultiplicativeLR', 'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR',
           'ExponentialLR', 'SequentialLR', 'CosineAnnealingLR', 'ChainedScheduler', 'ReduceLROnPlateau', 'CyclicLR',
           'CosineAnnealingWarmRestarts', 'OneCycleLR', 'PolynomialLR']
