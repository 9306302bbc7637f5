"""Optimizer: the base class of SGD and Adam, as torch.optim.Optimizer.

An optimizer holds `param_groups` (a list of dicts: 'params' plus that group's options, such as 'lr') and
`state` (a dict per parameter, such as SGD's 'momentum_buffer'). Subclasses write `step()`; it updates the
parameters' arrays in place, so no autograd graph is built.
"""
from collections import defaultdict
from itertools import chain

from ..autograd import enable_grad
from ..tensor import Tensor


class Optimizer:
    def __init__(self, params, defaults):
        if isinstance(params, Tensor):
            raise TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, '
                            f'but got {params.type()}')
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError('optimizer got an empty parameter list')
        if not isinstance(param_groups[0], dict):
            param_groups = [{'params': param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own options (missing options take the optimizer's defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f'param_group must be a dict, but got {type(param_group).__name__}')
        params = param_group['params']
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError('optimizer parameters need to be organized in ordered collections, but the ordering '
                            'of tensors in sets will change between runs. Please use a list instead.')
        param_group['params'] = params = list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f'optimizer can only optimize Tensors, but one of the params is {type(p).__name__}')
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        seen = {id(p) for group in self.param_groups for p in group['params']}
        if any(id(p) in seen for p in params):
            raise ValueError('some parameters appear in more than one parameter group')
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients: set them to None (the default) or fill them with zeros."""
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.detach_().zero_()

    def step(self, closure=None):
        raise NotImplementedError

    def _closure_loss(self, closure):
        """Re-evaluate the model when step() is given a closure (grad mode on, as in PyTorch)."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def state_dict(self):
        """{'state': {index: per-parameter state}, 'param_groups': [options with 'params' as index lists]}.

        Parameters are numbered in the order the groups list them, as PyTorch does, so a state dict can be
        loaded into a new optimizer over a new model with the same layout. The tensors are not copied.
        """
        index = {}
        groups = []
        for group in self.param_groups:
            for p in group['params']:
                index.setdefault(id(p), len(index))
            packed = {k: v for k, v in group.items() if k != 'params'}
            packed['params'] = [index[id(p)] for p in group['params']]
            groups.append(packed)
        state = {index[id(p)]: s for p, s in self.state.items()}
        return {'state': state, 'param_groups': groups}

    def load_state_dict(self, state_dict):
        """Take options and state from `state_dict` (state tensors are copied to each parameter's dtype and device)."""
        groups, saved = self.param_groups, state_dict['param_groups']
        if len(groups) != len(saved):
            raise ValueError('loaded state dict has a different number of parameter groups')
        if any(len(g['params']) != len(s['params']) for g, s in zip(groups, saved)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        params = dict(zip(chain.from_iterable(s['params'] for s in saved),
                          chain.from_iterable(g['params'] for g in groups)))
        self.state = defaultdict(dict)
        for index, state in state_dict['state'].items():
            if index in params:
                p = params[index]
                self.state[p] = {name: _cast(value, p, name) for name, value in state.items()}
        for group, saved_group in zip(groups, saved):
            group.update({k: v for k, v in saved_group.items() if k != 'params'})

    def __repr__(self):
        lines = [f'{type(self).__name__} (']
        for i, group in enumerate(self.param_groups):
            lines.append(f'Parameter Group {i}')
            lines += [f'    {key}: {group[key]}' for key in sorted(group) if key != 'params']
        return '\n'.join(lines) + '\n)'


def _cast(value, param, name):
    """A copy of a loaded state value on the parameter's device; floating buffers also take its dtype.
    'step' is kept as it is (a CPU scalar), as PyTorch does."""
    if not isinstance(value, Tensor) or name == 'step':
        return value.clone() if isinstance(value, Tensor) else value
    dtype = param.dtype if value.is_floating_point() else value.dtype
    return Tensor._make(value.to(param.device)._data.astype(dtype.np, copy=True))
