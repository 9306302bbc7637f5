"""Schedules made of schedules: SequentialLR (one after another, switching at milestones) and ChainedScheduler
(all of them at every step)."""
from bisect import bisect_right

from .plateau import ReduceLROnPlateau
from .scheduler import LRScheduler, lrs_of


def _check_schedulers(cls, optimizer, schedulers, what):
    if len(schedulers) < 1:
        raise ValueError(f'{cls.__name__} expects at least one scheduler{what}, but got no scheduler.')
    optimizer = optimizer or schedulers[0].optimizer
    for i, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, 'optimizer'):
            raise TypeError(f'{cls.__name__} at index {i} should have `optimizer` as its attribute.')
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f'{cls.__name__} does not support `ReduceLROnPlateau` scheduler as it requires '
                             'additional kwargs to be specified when calling `step`, but got one at index '
                             f'{i} in the given schedulers sequence.')
        if optimizer != scheduler.optimizer:
            raise ValueError(f'{cls.__name__} expects all schedulers to belong to the same optimizer, but got '
                             f'scheduler {type(scheduler).__name__} at index {i} has {scheduler.optimizer}, which '
                             f'is different from {type(optimizer).__name__}.')
    return optimizer


class _Composite(LRScheduler):
    """The state dict of a composite holds each inner scheduler's state dict under '_schedulers'."""

    def state_dict(self):
        state = {key: value for key, value in self.__dict__.items() if key not in ('optimizer', '_schedulers')}
        state['_schedulers'] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict):
        schedulers = state_dict.pop('_schedulers')
        self.__dict__.update(state_dict)
        state_dict['_schedulers'] = schedulers
        for scheduler, saved in zip(self._schedulers, schedulers):
            scheduler.load_state_dict(saved)


class SequentialLR(_Composite):
    """schedulers[i] runs from milestones[i - 1] to milestones[i]; each starts afresh (epoch 0) at its milestone."""

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        _check_schedulers(type(self), optimizer, schedulers, '')
        if len(milestones) != len(schedulers) - 1:
            raise ValueError('Sequential Schedulers expects number of schedulers provided to be one more than the '
                             f'number of milestone points, but got number of schedulers {len(schedulers)} and the '
                             f'number of milestones to be equal to {len(milestones)}')
        self._schedulers, self._milestones = schedulers, milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:        # undo the schedulers' initial steps
            group['lr'] = group['initial_lr']
        self._undo_initial_steps(self)
        idx = bisect_right(self._milestones, 0)
        self._schedulers[idx]._initial_step()
        self._last_lr = schedulers[idx].get_last_lr()

    def _undo_initial_steps(self, scheduler):
        if hasattr(scheduler, '_schedulers'):
            for s in scheduler._schedulers:
                self._undo_initial_steps(s)
        elif hasattr(scheduler, 'last_epoch'):
            scheduler.last_epoch -= 1

    def step(self):
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class ChainedScheduler(_Composite):
    """Each step() steps every scheduler in turn, so their factors multiply."""

    def __init__(self, schedulers, optimizer=None):
        self.optimizer = _check_schedulers(type(self), optimizer, schedulers, ' to be chained')
        self._schedulers = schedulers
        self._last_lr = lrs_of(schedulers[-1].optimizer)

    def step(self):
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = lrs_of(self._schedulers[-1].optimizer)
