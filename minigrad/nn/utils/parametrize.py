"""nn.utils.parametrize: a tensor of a module computed from other tensors on each access. After
register_parametrization(module, 'weight', P()), module.weight is P()(module.parametrizations.weight.original): the
module's class is swapped for a subclass (Parametrized<Name>, as PyTorch) with a property of that name, and the
original tensor (or the tensors P.right_inverse gives: original0, original1, ...) lives in a ParametrizationList."""
import contextlib

from ..container import ModuleDict, ModuleList
from ..parameter import Parameter
from ...autograd.grad_mode import no_grad
from ...tensor import Tensor

_cache_enabled = 0
_cache = {}


@contextlib.contextmanager
def cached():
    """Inside, each parametrized tensor is computed once and then reused."""
    global _cache_enabled
    _cache_enabled += 1
    try:
        yield
    finally:
        _cache_enabled -= 1
        if not _cache_enabled:
            _cache.clear()


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order, and the tensor(s) they start from: `original`, or
    original0, original1, ... when the first one's right_inverse returns several."""

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        new = original
        with no_grad():
            for module in reversed(self):
                if hasattr(module, 'right_inverse'):
                    new = module.right_inverse(new)
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if original.dtype != new.dtype:
                raise ValueError(f'When `right_inverse` outputs one tensor, it may not change the dtype.\n'
                                 f'original.dtype: {original.dtype}\nright_inverse(original).dtype: {new.dtype}')
            with no_grad():
                original.copy_(new)
            self._register('original', original, original)
        else:
            for i, t in enumerate(new):
                if not isinstance(t, Tensor):
                    raise ValueError(f"'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...)."
                                     f' Got element {i} of the sequence with type {type(t).__name__}.')
                self._register(f'original{i}', t.detach(), original)

    def _register(self, name, tensor, like):
        if isinstance(like, Parameter):
            self.register_parameter(name, tensor if isinstance(tensor, Parameter) else
                                    Parameter(tensor, like.requires_grad))
        else:
            self.register_buffer(name, tensor)

    def originals(self):
        return (self.original,) if self.is_tensor else tuple(getattr(self, f'original{i}')
                                                             for i in range(self.ntensors))

    def right_inverse(self, value):
        """Set the originals so that the parametrized tensor becomes `value`."""
        with no_grad():
            for module in reversed(list(self)[1:] if not self.is_tensor else self):
                if hasattr(module, 'right_inverse'):
                    value = module.right_inverse(value)
            if not self.is_tensor:
                first = self[0]
                value = first.right_inverse(value) if hasattr(first, 'right_inverse') else value
                for original, v in zip(self.originals(), value):
                    original.copy_(v)
            else:
                self.original.copy_(value)

    def forward(self):
        x = self[0](*self.originals())
        for module in list(self)[1:]:
            x = module(x)
        return x


def _get(module, name):
    if _cache_enabled:
        key = (id(module), name)
        if key not in _cache:
            _cache[key] = module.parametrizations[name]()
        return _cache[key]
    return module.parametrizations[name]()


def _inject_new_class(module):
    cls = module.__class__

    def __setattr__(self, name, value):
        if is_parametrized(self, name):
            self.parametrizations[name].right_inverse(value)
        else:
            cls.__setattr__(self, name, value)

    new = type(f'Parametrized{cls.__name__}', (cls,), {'__setattr__': __setattr__, '_unparametrized': cls})
    object.__setattr__(module, '__class__', new)    # Module.__setattr__ would keep it in the instance dict


def _inject_property(module, name):
    setattr(module.__class__, name, property(lambda self: _get(self, name)))


def is_parametrized(module, tensor_name=None):
    """Whether module has a parametrization (on tensor_name, if given)."""
    parametrizations = module.__dict__.get('_modules', {}).get('parametrizations')
    if parametrizations is None or not isinstance(parametrizations, ModuleDict):
        return False
    return tensor_name is None or tensor_name in parametrizations


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """module.<tensor_name> becomes parametrization(original) (after any parametrizations already on it)."""
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        module.parametrizations[tensor_name].append(parametrization)
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        module.parametrizations[tensor_name] = parametrizations
        _inject_property(module, tensor_name)
    else:
        raise ValueError(f"Module '{module}' does not have a parameter, a buffer, or a parametrized element with name "
                         f"'{tensor_name}'")
    return module


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """module.<tensor_name> a plain tensor again: its current value (leave_parametrized) or the original."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(f'Module {module} does not have a parametrization on {tensor_name}')
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                original.copy_(getattr(module, tensor_name))
    else:
        if not leave_parametrized:
            raise ValueError('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized '
                             'in terms of a sequence of tensors.')
        t = getattr(module, tensor_name)     # with grad mode on: does any original require grad?
        original = Parameter(t.detach()) if t.requires_grad else t
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    if isinstance(original, Parameter):
        module.register_parameter(tensor_name, original)
    else:
        module.register_buffer(tensor_name, original)
    if not module.parametrizations._modules:
        delattr(module, 'parametrizations')
        object.__setattr__(module, '__class__', module.__class__._unparametrized)
    return module


def type_before_parametrizations(module):
    """The module's class before any parametrization was registered."""
    return module.__class__._unparametrized if is_parametrized(module) else type(module)
