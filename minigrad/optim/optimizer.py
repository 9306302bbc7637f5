"""Optimizer: the base class of the optimizers, as torch.optim.Optimizer.

An optimizer holds `param_groups` (a list of dicts: 'params' plus that group's options, such as 'lr') and
`state` (a dict per parameter, such as SGD's 'momentum_buffer'). The shared `step()` visits each parameter that
has a gradient, applies `maximize` and `weight_decay` (L2, or decoupled as AdamW's), and hands the parameter's
array and the gradient's to the subclass's `_update`, which changes the arrays in place (PyTorch's single-tensor
arithmetic, operation by operation), so no autograd graph is built.
"""
from collections import defaultdict
from itertools import chain

from .. import dtypes
from ..autograd import enable_grad
from ..backend import quiet_floats
from ..factories import tensor
from ..tensor import Tensor

# what PyTorch calls each option in its "Invalid ... value" errors
_LABELS = {'lr': 'learning rate', 'eps': 'epsilon value'}


def check_options(**options):
    """PyTorch's argument checks, in the order given: each option must be >= 0 ('betas' each in [0, 1),
    'rho' in [0, 1]); the first bad one raises PyTorch's ValueError ("Invalid learning rate: -1")."""
    for name, value in options.items():
        if name == 'betas':
            for i, beta in enumerate(value):
                if not 0.0 <= beta < 1.0:
                    raise ValueError(f'Invalid beta parameter at index {i}: {beta}')
        elif not 0.0 <= value or (name == 'rho' and value > 1.0):
            raise ValueError(f"Invalid {_LABELS.get(name, name + ' value')}: {value}")


def check_flags(foreach=None, fused=None, differentiable=False):
    """foreach and fused (PyTorch's multi-tensor and fused kernels) are accepted and run the same arithmetic
    here; differentiable (autograd through step()) has no counterpart in minigrad."""
    if differentiable:
        raise NotImplementedError('minigrad optimizers do not support differentiable=True')
    if fused and foreach:
        raise RuntimeError('`fused` and `foreach` cannot be `True` together.')


def scalar_state(value):
    """A per-parameter scalar of the state ('step', NAdam's 'mu_product'): a CPU tensor of PyTorch's scalar dtype
    (float32, float64 when that is the default dtype)."""
    dtype = dtypes.float64 if dtypes.get_default_dtype() == dtypes.float64 else dtypes.float32
    return tensor(value, dtype=dtype)


def advance(state):
    """Count one more step in state['step'] (in its own dtype, as PyTorch's `step_t += 1`); returns it as a float."""
    state['step']._data += 1
    return state['step'].item()


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
            raise TypeError(f'param_group must be a dict, but got {type(param_group)}')
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

    @quiet_floats   # a diverging model gives inf and nan without numpy's warnings, as in PyTorch
    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss when one is given."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is None:
                    continue
                param, grad = p._data, p.grad._data      # the arrays: numpy or cupy, updated in place
                if group.get('maximize'):
                    grad = -grad
                weight_decay = group.get('weight_decay', 0)
                if weight_decay != 0:
                    if group.get('decoupled_weight_decay'):
                        param *= 1 - group['lr'] * weight_decay
                    else:
                        grad = grad + weight_decay * param
                self._update(p, param, grad, group)
                p._vc[0] += 1                            # an in-place change, as p.add_() would record
        return loss

    def _update(self, p, param, grad, group):
        """Change `param` (p's array) in place from `grad` (the array, after maximize and L2 weight decay)."""
        raise NotImplementedError

    def _state(self, p, group):
        """p's state, made by `_init_state` at its first step."""
        state = self.state[p]
        if not state:
            state.update(self._init_state(p, group))
        return state

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
                self.state[p] = _cast(state, p)
        for group, saved_group in zip(groups, saved):
            group.update({k: v for k, v in saved_group.items() if k != 'params'})

    def __repr__(self):
        lines = [f'{type(self).__name__} (']
        for i, group in enumerate(self.param_groups):
            lines.append(f'Parameter Group {i}')
            lines += [f'    {key}: {group[key]}' for key in sorted(group) if key != 'params']
        return '\n'.join(lines) + '\n)'


def _cast(value, param, name=None):
    """A copy of a loaded state value on the parameter's device, with the parameter's dtype when it is floating
    (PyTorch's rule); 'step' is kept as it is (a CPU scalar). Dicts and lists (LBFGS's history) are walked."""
    if isinstance(value, dict):
        return {key: _cast(v, param, key) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast(v, param) for v in value)
    if not isinstance(value, Tensor):
        return value
    if name == 'step':
        return value.clone()
    dtype = param.dtype if param.is_floating_point() else value.dtype
    return Tensor._make(value.to(param.device)._data.astype(dtype.np, copy=True))
