"""LRScheduler, the base of the schedules, and the two that apply a user's function (LambdaLR, MultiplicativeLR)."""
import functools
import types
import warnings
import weakref

from ..optimizer import Optimizer

EPOCH_DEPRECATION_WARNING = (
    'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use '
    '`scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed '
    'form is used instead of the new chainable form, where available. Please open an issue if you are unable to '
    'replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.')
_HOW_TO = 'See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate'


def check_optimizer(optimizer):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f'{type(optimizer).__name__} is not an Optimizer')


def lrs_of(optimizer, key='lr'):
    """Each group's value of `key`."""
    return [group[key] for group in optimizer.param_groups]


def per_group(name, optimizer, value):
    """`value` for each parameter group: a list or tuple of one per group, or one value for all."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(f'{name} must have the same length as optimizer.param_groups. {name} has {len(value)} '
                             f'values, param_groups has {len(optimizer.param_groups)}.')
        return list(value)
    return [value] * len(optimizer.param_groups)


def _track_step_calls(optimizer):
    """Wrap optimizer.step so that it records being called (`_opt_called`), for the warning that the schedule's
    step() came first."""
    if hasattr(optimizer.step, '_wrapped_by_lr_sched'):
        return
    opt_ref, func = weakref.ref(optimizer), optimizer.step.__func__

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        opt = opt_ref()
        opt._opt_called = True
        return func.__get__(opt, opt.__class__)(*args, **kwargs)
    wrapper._wrapped_by_lr_sched = True
    optimizer.step = wrapper


class LRScheduler:
    """The base class, as torch.optim.lr_scheduler.LRScheduler: it records each group's starting lr ('initial_lr',
    the `base_lrs`), counts epochs in `last_epoch` and takes its first step when made. A subclass's `get_lr()` gives
    the groups' new learning rates (chainable: from their current ones), its `_get_closed_form_lr()` the rates at
    `last_epoch` directly (used by the deprecated `step(epoch)`)."""
    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault('initial_lr', group['lr'])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if 'initial_lr' not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming scheduler with "
                        "last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume training from a "
                        "checkpoint but haven't properly loaded the optimizer state\n2. You're using last_epoch >= 0 "
                        "for a fresh training run (not recommended)")
        self.base_lrs = lrs_of(optimizer, 'initial_lr')
        self.last_epoch = last_epoch
        _track_step_calls(optimizer)
        self._initial_step()

    def _initial_step(self):
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def state_dict(self):
        """Every attribute but the optimizer (functions given by the user are left out by the subclasses)."""
        return {key: value for key, value in self.__dict__.items() if key != 'optimizer'}

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)

    def get_last_lr(self):
        """The learning rates the last step() set, one per parameter group."""
        return self._last_lr

    def get_lr(self):
        raise NotImplementedError

    def _warn_get_lr_outside_step(self):
        if not self._get_lr_called_within_step:
            warnings.warn('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.',
                          UserWarning, stacklevel=3)

    def step(self, epoch=None):
        if self._step_count == 1:
            if not hasattr(self.optimizer.step, '_wrapped_by_lr_sched'):
                warnings.warn('Seems like `optimizer.step()` has been overridden after learning rate scheduler '
                              'initialization. Please, make sure to call `optimizer.step()` before '
                              f'`lr_scheduler.step()`. {_HOW_TO}', UserWarning, stacklevel=2)
            elif not getattr(self.optimizer, '_opt_called', False):
                warnings.warn('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and '
                              'later, you should call them in the opposite order: `optimizer.step()` before '
                              '`lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first '
                              f'value of the learning rate schedule. {_HOW_TO}', UserWarning, stacklevel=2)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self._get_closed_form_lr() if hasattr(self, '_get_closed_form_lr') else self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        self._set_lrs(values)

    def _set_lrs(self, values):
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            group['lr'] = lr
        self._last_lr = lrs_of(self.optimizer)


class _WithFunctions(LRScheduler):
    """A schedule holding one user function per group (`lr_lambdas`): its state dict keeps the state of callable
    objects and None for plain functions, as PyTorch's."""
    _check_callable = False

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        if not isinstance(lr_lambda, (list, tuple)):
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        else:
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(f'Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}')
            self.lr_lambdas = list(lr_lambda)
        for fn in self.lr_lambdas if self._check_callable else ():
            if not callable(fn):
                raise TypeError(f'lr_lambda should be a function, but got {type(fn).__name__}')
        super().__init__(optimizer, last_epoch)

    def state_dict(self):
        state = {key: value for key, value in self.__dict__.items() if key not in ('optimizer', 'lr_lambdas')}
        state['lr_lambdas'] = [None if isinstance(fn, types.FunctionType) else fn.__dict__.copy()
                               for fn in self.lr_lambdas]
        return state

    def load_state_dict(self, state_dict):
        lr_lambdas = state_dict.pop('lr_lambdas')
        self.__dict__.update(state_dict)
        state_dict['lr_lambdas'] = lr_lambdas
        for fn, saved in zip(self.lr_lambdas, lr_lambdas):
            if saved is not None:
                fn.__dict__.update(saved)


class LambdaLR(_WithFunctions):
    """lr = initial_lr * lr_lambda(epoch), a function per group (or one for all)."""

    def get_lr(self):
        self._warn_get_lr_outside_step()
        return [base_lr * fn(self.last_epoch) for fn, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)]


class MultiplicativeLR(_WithFunctions):
    """lr = lr * lr_lambda(epoch) at each step after the first."""
    _check_callable = True

    def get_lr(self):
        self._warn_get_lr_outside_step()
        if self._is_initial:
            return lrs_of(self.optimizer)
        return [group['lr'] * fn(self.last_epoch)
                for fn, group in zip(self.lr_lambdas, self.optimizer.param_groups, strict=True)]
