"""Module: the base class of every layer and network.

Assigning a Parameter, a Module or a registered buffer to an attribute registers it, in order, in
`_parameters`, `_modules` or `_buffers`; parameters(), state_dict(), to(), repr() ... walk those.
Registered values are also kept in the instance __dict__, so `self.fc1` in forward is a plain attribute
lookup (PyTorch finds them through __getattr__, which every forward pays for); __getattr__ is only the
fallback for names written straight into the registries.
"""
from collections import OrderedDict, namedtuple

from .. import backend, dtypes
from ..autograd.grad_mode import no_grad
from ..functions.cast import to_args
from ..factories import typename
from ..tensor import Tensor
from .hooks import call_with_hooks
from .parameter import Buffer, Parameter
from ..autograd.hooks import RemovableHandle


class _IncompatibleKeys(namedtuple('IncompatibleKeys', ['missing_keys', 'unexpected_keys'])):
    """What load_state_dict returns."""
    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return '<All keys matched successfully>'
        return f'_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})'




HOOK_DICTS = ('_forward_pre_hooks', '_forward_hooks', '_backward_pre_hooks', '_backward_hooks',
              '_forward_pre_hooks_with_kwargs', '_forward_hooks_with_kwargs')


class Module:
    def __init__(self):
        d = self.__dict__
        d['training'] = True
        d['_parameters'], d['_buffers'], d['_modules'] = {}, {}, {}
        d['_non_persistent_buffers_set'] = set()
        for hooks in HOOK_DICTS:
            d[hooks] = {}

    def __setstate__(self, state):
        """A module pickled before it had hook registries gets empty ones."""
        self.__dict__.update(state)
        for hooks in HOOK_DICTS:
            self.__dict__.setdefault(hooks, {})

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        if d['_forward_pre_hooks'] or d['_forward_hooks'] or d['_backward_hooks'] or d['_backward_pre_hooks']:
            return call_with_hooks(self, args, kwargs)
        return self.forward(*args, **kwargs)

    # -- hooks (run by nn/hooks.py's call_with_hooks) ----------------------------------------------------
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """hook(module, args) -> None or new args (hook(module, args, kwargs) -> None or (args, kwargs) with
        with_kwargs=True), called before forward."""
        return self._add_hook('_forward_pre_hooks', hook, prepend, '_forward_pre_hooks_with_kwargs' if with_kwargs
                              else None)

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """hook(module, args, output) -> None or a new output (hook(module, args, kwargs, output) with
        with_kwargs=True), called after forward."""
        return self._add_hook('_forward_hooks', hook, prepend, '_forward_hooks_with_kwargs' if with_kwargs else None)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """hook(module, grad_output) -> None or new grad_output, called when the outputs' gradients are known."""
        return self._add_hook('_backward_pre_hooks', hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """hook(module, grad_input, grad_output) -> None or new grad_input, called when the gradients with respect
        to the module's tensor inputs are known."""
        return self._add_hook('_backward_hooks', hook, prepend)

    def _add_hook(self, registry, hook, prepend, flag=None):
        hooks = self.__dict__[registry]
        handle = RemovableHandle(hooks, extra_dict=self.__dict__[flag] if flag else None)
        hooks[handle.id] = hook
        if flag:
            self.__dict__[flag][handle.id] = True
        if prepend:
            for id_ in [i for i in hooks if i != handle.id]:
                hooks[id_] = hooks.pop(id_)     # to the end: the new hook first
        return handle

    def compile(self, *args, **kwargs):
        """Module.compile: accepted, changing nothing (see minigrad.compile)."""

    # -- registration ------------------------------------------------------------------------------
    def __setattr__(self, name, value):
        d = self.__dict__
        # in PyTorch's order: a name taken by a parameter (a module) takes only a parameter (a module) or None
        if isinstance(value, Parameter):
            self._registry('_parameters', 'parameters', name)[name] = value
        elif name in d.get('_parameters', ()):
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                '(torch.nn.Parameter or None expected)')
            d['_parameters'][name] = None
        elif isinstance(value, Module):
            self._registry('_modules', 'module', name)[name] = value
        elif name in d.get('_modules', ()):
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                '(torch.nn.Module or None expected)')
            d['_modules'][name] = None
        elif isinstance(value, Buffer):
            self._registry('_buffers', 'buffer', name)[name] = value
            if not value.persistent:
                d['_non_persistent_buffers_set'].add(name)
        elif name in d.get('_buffers', ()):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                '(torch.Tensor or None expected)')
            d['_buffers'][name] = value
        d[name] = value

    def _registry(self, registry, what, name):
        """The dict `name` goes into, after removing `name` from the other registries."""
        d = self.__dict__
        if registry not in d:
            raise AttributeError(f'cannot assign {what} before Module.__init__() call')
        for other in ('_parameters', '_buffers', '_modules'):
            if other != registry:
                d[other].pop(name, None)
        d['_non_persistent_buffers_set'].discard(name)
        return d[registry]

    def __getattr__(self, name):
        d = self.__dict__
        for registry in ('_parameters', '_buffers', '_modules'):
            if name in d.get(registry, ()):
                return d[registry][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for registry in ('_parameters', '_buffers', '_modules'):
            self.__dict__[registry].pop(name, None)
        self.__dict__['_non_persistent_buffers_set'].discard(name)
        self.__dict__.pop(name, None)

    def _check_new_name(self, name, kind):
        if '_parameters' not in self.__dict__:
            raise AttributeError(f'cannot assign {kind} before Module.__init__() call')
        if not isinstance(name, str):
            raise TypeError(f'{kind} name should be a string. Got {type(name).__name__}')
        if '.' in name:
            raise KeyError(f'{kind} name can\'t contain "."')
        if name == '':
            raise KeyError(f'{kind} name can\'t be empty string ""')

    def register_buffer(self, name, tensor, persistent=True):
        """A tensor that is state but not a parameter (BatchNorm's running_mean); in state_dict if persistent."""
        self._check_new_name(name, 'buffer')
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            '(torch Tensor or None required)')
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers_set.add(name)
        self.__dict__[name] = tensor

    def register_parameter(self, name, param):
        """Register `param` (a Parameter, or None for an absent one such as a bias=False bias)."""
        self._check_new_name(name, 'parameter')
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            '(torch.nn.Parameter or None required)')
        self._parameters[name] = param
        self.__dict__[name] = param

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f'{type(module).__name__} is not a Module subclass')
        self._check_new_name(name, 'module')
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        self._modules[name] = module
        self.__dict__[name] = module

    register_module = add_module

    # -- walking the tree --------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix='', remove_duplicate=True):
        """(name, module) for this module and every sub-module, depth first, each once."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, prefix + ('.' if prefix else '') + name, remove_duplicate)

    def get_submodule(self, target):
        """The module at a dotted path ('encoder.layers.0'), as PyTorch finds it."""
        module = self
        for item in target.split('.') if target else ():
            if not hasattr(module, item):
                raise AttributeError(f'{module._get_name()} has no attribute `{item}`')
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f'`{item}` is not an nn.Module')
        return module

    def get_parameter(self, target):
        return self._get_member(target, '_parameters', 'nn.Parameter')

    def get_buffer(self, target):
        return self._get_member(target, '_buffers', 'buffer')

    def _get_member(self, target, registry, what):
        module_path, _, name = target.rpartition('.')
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f'{module._get_name()} has no attribute `{name}`')
        if name not in module.__dict__[registry]:
            raise AttributeError(f'`{name}` is not an {what}' if what != 'buffer' else f'`{name}` is not a buffer')
        return getattr(module, name)

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry, prefix, recurse, remove_duplicate):
        seen = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in module.__dict__[registry].items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ('.' if module_prefix else '') + name, value

    def named_parameters(self, prefix='', recurse=True, remove_duplicate=True):
        """(name, parameter) pairs, named by their path: 'conv1.weight', 'linear_relu_stack.0.bias'."""
        return self._named_members('_parameters', prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix='', recurse=True, remove_duplicate=True):
        return self._named_members('_buffers', prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn):
        """Call fn on every sub-module, then on this module (as in `net.apply(init_weights)`)."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- training state ----------------------------------------------------------------------------
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError('training mode is expected to be boolean')
        for module in self.modules():
            module.training = mode
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Clear every parameter's .grad: set it to None (the default), or fill it with zeros."""
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad = p.grad.detach()
                    p.grad.zero_()

    # -- dtype and device --------------------------------------------------------------------------
    def _apply(self, fn):
        """Replace every parameter's data (keeping the Parameter objects), its grad, and every buffer by fn(t)."""
        with no_grad():
            for module in self.modules():
                for p in module._parameters.values():
                    if p is not None:
                        p.data = fn(p)
                        if p.grad is not None:
                            p.grad = fn(p.grad)
                for name, b in module._buffers.items():
                    if b is not None:
                        setattr(module, name, fn(b))
        return self

    def to(self, *args, device=None, dtype=None, non_blocking=False, memory_format=None):
        """to(device), to(dtype), to(device, dtype) or to(tensor), in place; only floating point tensors
        change dtype (BatchNorm's num_batches_tracked stays int64); memory_format (channels_last) lays out the
        4-D and 5-D ones (conv weights), as PyTorch."""
        device, dtype = to_args(args, device, dtype)
        if dtype is not None and not dtypes.to_dtype(dtype).is_floating_point:
            raise TypeError(f'nn.Module.to only accepts floating point or complex dtypes, but got desired '
                            f'dtype={dtypes.to_dtype(dtype)!r}')

        def convert(t):
            laid_out = memory_format is not None and t.dim() in (4, 5)
            return t.to(device=device, dtype=dtype if t.is_floating_point() else None,
                        memory_format=memory_format if laid_out else dtypes.preserve_format)
        return self._apply(convert)

    def double(self):
        return self.to(dtypes.float64)

    def float(self):
        return self.to(dtypes.float32)

    def half(self):
        return self.to(dtypes.float16)

    def cuda(self, device=None):
        return self.to(backend.device('cuda', device) if isinstance(device, int) else (device or 'cuda'))

    def cpu(self):
        return self.to('cpu')

    # -- saving and loading ------------------------------------------------------------------------
    def state_dict(self, *, destination=None, prefix='', keep_vars=False):
        """An OrderedDict of every parameter and persistent buffer by name (detached unless keep_vars)."""
        if destination is None:
            destination = OrderedDict()
        for name, p in self._parameters.items():
            if p is not None:
                destination[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = b if keep_vars else b.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + '.', keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict, strict=True):
        """Copy values into the parameters and buffers in place. Values may be minigrad tensors, numpy arrays,
        or anything with .detach().cpu().numpy() (torch tensors). Returns (missing_keys, unexpected_keys);
        with strict=True either one is an error, and a shape mismatch always is."""
        from ..factories import tensor
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                value = tensor(value.detach().cpu().numpy() if hasattr(value, 'detach') else value)
            if value.shape != target.shape:
                errors.append(f'size mismatch for {key}: copying a param with shape {value.shape} from checkpoint, '
                              f'the shape in current model is {target.shape}.')
                continue
            with no_grad():
                target.copy_(value)
        if strict:
            if unexpected:
                errors.insert(0, f'Unexpected key(s) in state_dict: {_quoted(unexpected)}. ')
            if missing:
                errors.insert(0, f'Missing key(s) in state_dict: {_quoted(missing)}. ')
        if errors:
            raise RuntimeError(f'Error(s) in loading state_dict for {type(self).__name__}:\n\t' + '\n\t'.join(errors))
        return _IncompatibleKeys(missing, unexpected)

    # -- printing ----------------------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        """The text inside the parentheses of this module's repr (its settings); '' by default."""
        return ''

    def __repr__(self):
        extra_lines = self.extra_repr().split('\n') if self.extra_repr() else []
        child_lines = [f'({name}): ' + _addindent(repr(module), 2) for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + '('
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += '\n  ' + '\n  '.join(lines) + '\n'
        return main + ')'


def _quoted(keys):
    return ', '.join(f'"{k}"' for k in keys)


def _addindent(s, spaces):
    """Indent every line but the first (how nested modules are printed)."""
    first, *rest = s.split('\n')
    return '\n'.join([first] + [' ' * spaces + line for line in rest])
