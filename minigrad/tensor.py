"""Tensor: an array (numpy or cupy) plus what autograd needs to know about it.

    data          the values (`_data` holds the array itself; `.data` is a detached Tensor, as in PyTorch)
    requires_grad whether gradients should flow to it
    grad_fn       the Function node that made it (None for a leaf)
    grad          for leaves: the accumulated gradient after backward()
    _vc           version counter, shared with views; bumped by every in-place change
    _base         for a view: the tensor that owns its memory; _view: how the view was taken (see _sync_view)

Every operator delegates to an op in functions/ (`Mul.apply(a, b)`), so the Tensor itself holds no math.
"""
import math
import numbers

import numpy

from . import backend, dtypes
from .autograd import engine, function, grad_mode
from .autograd.function import accumulate_node
from .functions import elementwise as E, index as I, linalg as L, reduce as R, shape as S
from .functions.dims import normalize_dim


class Size(tuple):
    """A tensor's shape: a tuple printed as PyTorch prints it, torch.Size([2, 3])."""

    def __repr__(self):
        return f'minigrad.Size({list(self)})'

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n


class Tensor:
    __slots__ = ('_data', 'grad', '_requires_grad', '_grad_fn', '_vc', '_base', '_view', '_accumulator', '_retains',
                 '_post_accumulate_grad_hooks', '__weakref__')
    __array_ufunc__ = None   # numpy must call our reflected operators (array * tensor -> Tensor.__rmul__)
    __hash__ = object.__hash__

    def __init__(self, *args, dtype=None, device=None):
        """The legacy constructor: Tensor(data) (float32) or Tensor(*sizes) (uninitialised)."""
        if len(args) == 1 and not isinstance(args[0], numbers.Integral):
            t = as_tensor_data(args[0], dtypes.get_default_dtype() if dtype is None else dtype, device)
        else:
            xp = backend.module_for(device)
            t = xp.empty(args[0] if len(args) == 1 and isinstance(args[0], tuple) else args,
                         dtypes.to_dtype(dtype or dtypes.get_default_dtype()).np)
        self._init(t)

    def _init(self, data, grad_fn=None, vc=None, requires_grad=False):
        self._data, self.grad, self._grad_fn = data, None, grad_fn
        self._requires_grad = requires_grad or grad_fn is not None
        self._vc = vc if vc is not None else [0]
        self._base = self._view = self._accumulator = self._retains = self._post_accumulate_grad_hooks = None

    @classmethod
    def _make(cls, data, grad_fn=None, vc=None, requires_grad=False):
        """Wrap an array without copying it (used by every op)."""
        t = object.__new__(Tensor)
        t._init(data, grad_fn, vc, requires_grad)
        return t

    # -- attributes ---------------------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        return Size(self._data.shape) if dim is None else self._data.shape[normalize_dim(dim, self.ndim)]

    @property
    def dtype(self):
        return dtypes.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return backend.device_of(self._data)

    @property
    def is_cuda(self):
        return self.device.type == 'cuda'

    @property
    def xp(self):
        """The array module (numpy or cupy) that holds this tensor's data."""
        return backend.get_array_module(self._data)

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    def numel(self):
        return int(self._data.size)

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    def is_floating_point(self):
        return self._data.dtype.kind == 'f'

    def is_contiguous(self):
        return bool(self._data.flags.c_contiguous)

    def stride(self, dim=None):
        s = tuple(st // self._data.itemsize for st in self._data.strides)
        return s if dim is None else s[normalize_dim(dim, self.ndim)]

    def type(self, dtype=None):
        if dtype is None:
            prefix = 'minigrad.cuda.' if self.is_cuda else 'minigrad.'
            return prefix + dtypes.TENSOR_TYPE_NAMES[self.dtype]
        return self.to(dtype)

    @property
    def requires_grad(self):
        if self._view is not None:      # a view follows its base, which an in-place op may have put in a graph
            self._sync_view()
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if self.grad_fn is not None:
            raise RuntimeError('you can only change requires_grad flags of leaf variables. If you want to use a '
                               'computed variable in a subgraph that doesn\'t require differentiation use '
                               'var_no_grad = var.detach().')
        if not isinstance(flag, bool):
            raise RuntimeError('requires_grad must be a bool')
        if flag and self._data.dtype.kind != 'f':
            raise RuntimeError('Only Tensors of floating point and complex dtype can require gradients')
        self._requires_grad = flag

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._data.dtype.kind != 'f':    # PyTorch words it differently here
            raise RuntimeError('only Tensors of floating point dtype can require gradients')
        self.requires_grad = bool(requires_grad)
        return self

    @property
    def _version(self):
        """How many in-place changes this tensor's memory has had (shared with its views)."""
        return self._vc[0]

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad_fn(self):
        """The node that made this tensor (None for a leaf). A view whose base an in-place op has put in a new
        node since gets its own node remade first (_sync_view)."""
        if self._view is not None:
            self._sync_view()
        return self._grad_fn

    @property
    def data(self):
        """The values as a new leaf Tensor sharing memory (changes to it are not tracked by autograd)."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else value

    @property
    def T(self):
        return self.permute(*range(self.ndim - 1, -1, -1))

    @property
    def mT(self):
        return self.transpose(-2, -1)

    def _grad_node(self):
        """The node gradients for this tensor flow into: its grad_fn, or its leaf's AccumulateGrad."""
        if self._view is not None:
            self._sync_view()
        if self._grad_fn is not None:
            return self._grad_fn
        return accumulate_node(self) if self._requires_grad else None

    def _sync_view(self, key=None):
        """Remake this view's node if an in-place op has changed its base's graph since the node was made, as
        PyTorch does (AsStridedBackward0: the gradient goes to the base's new node). `_view` holds the view ops
        that took this view from its base, and the base's node they were applied to."""
        steps, base_node = self._view
        base = self._base
        if base.grad_fn is base_node:
            return
        with grad_mode.enable_grad():
            key = I.view_key(base._data, steps) if key is None else key
            self._grad_fn = I.AsStrided.apply(base, key=key).grad_fn if base._requires_grad else None
        self._requires_grad = base._requires_grad
        self._view = (steps, base.grad_fn)

    def _result(self, array):
        """A result computed here, outside autograd, as a Tensor on this one's device. numpy gives a scalar for a
        0-d result; a Tensor always holds an array."""
        return Tensor._make(array if array.ndim else self.xp.asarray(array))

    # -- conversion ---------------------------------------------------------------------------
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f'a Tensor with {self._data.size} elements cannot be converted to Scalar')
        return self._data.item()

    def tolist(self):
        return backend.as_numpy(self._data).tolist()

    def numpy(self, force=False):
        """The data as a numpy array (shared on the CPU). As PyTorch: the device is checked first, and a tensor that
        requires grad is refused only while grad mode is on (under no_grad it converts)."""
        if self.is_cuda and not force:
            raise TypeError(f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to copy the "
                            "tensor to host memory first.")
        if self._requires_grad and grad_mode._enabled and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return backend.as_numpy(self._data)

    def __array__(self, dtype=None, copy=None):
        a = self.numpy()
        return a if dtype is None else a.astype(dtype)

    def __len__(self):
        if self.ndim == 0:
            raise TypeError('len() of a 0-d tensor')
        return self._data.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError('iteration over a 0-d tensor')
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(f'Boolean value of Tensor with more than one value is ambiguous')
        return bool(self._data)

    def __float__(self):
        return float(self._scalar())

    def __int__(self):
        return int(self._scalar())

    def _scalar(self):
        if self._data.size != 1:
            raise ValueError('only one element tensors can be converted to Python scalars')
        return self.item()

    def __index__(self):
        if self._data.dtype.kind not in 'iub' or self._data.size != 1:
            raise TypeError('only integer tensors of a single element can be converted to an index')
        return int(self.item())

    def __format__(self, spec):
        return format(self.item(), spec) if self.ndim == 0 and spec else format(repr(self), spec)

    def __repr__(self):
        from ._tensor_str import tensor_repr
        return tensor_repr(self)

    def __deepcopy__(self, memo):
        """copy.deepcopy(model) works as in PyTorch: leaves are copied with their data, grad and flags."""
        if not self.is_leaf:
            raise RuntimeError('Only Tensors created explicitly by the user (graph leaves) support the deepcopy '
                               'protocol at the moment.')
        import copy
        new = object.__new__(type(self))
        new._init(self._data.copy(), requires_grad=self._requires_grad)
        new.grad = copy.deepcopy(self.grad, memo)
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, protocol):
        raise TypeError('minigrad tensors are not pickled; use minigrad.save, which writes .npz without pickle')

    # -- dtype and device ---------------------------------------------------------------------
    def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False):
        """to(dtype), to(device), to(device, dtype), to(other_tensor); an int device is a CUDA index, as in PyTorch."""
        device, dtype = to_args(args, device, dtype)
        np_dtype = dtypes.to_dtype(dtype).np if dtype is not None else None
        if np_dtype == self._data.dtype:
            np_dtype = None
        if device is not None and backend.concrete(device) == self.device:
            device = None
        if np_dtype is None and device is None:
            return S.Clone.apply(self) if copy else self
        return S.ToCopy.apply(self, dtype=np_dtype, device=device)

    def double(self):
        return self.to(dtypes.float64)

    def float(self):
        return self.to(dtypes.float32)

    def half(self):
        return self.to(dtypes.float16)

    def long(self):
        return self.to(dtypes.int64)

    def int(self):
        return self.to(dtypes.int32)

    def bool(self):
        return self.to(dtypes.bool)

    def cpu(self):
        return self.to('cpu')

    def cuda(self, device=None):
        return self.to(backend.device('cuda', device) if isinstance(device, int) else (device or 'cuda'))

    # -- autograd -----------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor w.r.t. graph leaves, adding it into their .grad."""
        if inputs is not None:
            inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
            captured = engine.run_backward([self], [gradient], retain_graph, create_graph, inputs, accumulate=False)
            for t, g in zip(inputs, captured):
                if g is not None:
                    t.grad = g if t.grad is None else t.grad + g
            return
        engine.run_backward([self], [gradient], retain_graph, create_graph)

    def detach(self):
        """The same data, cut from the graph (shares memory and version counter)."""
        return Tensor._make(self._data, vc=self._vc)

    def detach_(self):
        self._grad_fn, self._requires_grad = None, False
        return self

    def retain_grad(self):
        """Keep .grad for this non-leaf tensor after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            import weakref
            self.grad_fn._retained = weakref.ref(self)

    def register_post_accumulate_grad_hook(self, hook):
        """Call `hook(self)` each time backward has added a gradient into this leaf's .grad
        (DistributedDataParallel all-reduces gradients from such hooks). Returns a handle with .remove()."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError('post accumulate grad hooks cannot be registered on non-leaf tensors')
        from .utils.hooks import RemovableHandle
        if self._post_accumulate_grad_hooks is None:
            self._post_accumulate_grad_hooks = {}
        handle = RemovableHandle(self._post_accumulate_grad_hooks)
        self._post_accumulate_grad_hooks[handle.id] = hook
        return handle

    @property
    def retains_grad(self):
        return self.grad_fn is not None and self.grad_fn._retained is not None

    # -- arithmetic ---------------------------------------------------------------------------
    def _other(self, x):
        """`x` as a Tensor on this tensor's device; Python numbers take this tensor's dtype, as in PyTorch."""
        if isinstance(x, Tensor):
            if _cpu_scalar_meets_cuda(x, self):
                return x.to(self.device)
            backend.check_same_device((self._data, x._data))
            return x
        if isinstance(x, numbers.Number):
            return Tensor._make(self.xp.asarray(x, dtype=_scalar_dtype(self._data.dtype, x)))
        return Tensor._make(self.xp.asarray(x))

    def _operands(self, other):
        """(self, other) as Tensors in the dtype PyTorch computes in: the higher category (bool < integer < float)
        wins (an int tensor meeting a float takes the float's dtype), and within a category a 0-dim tensor or
        Python number does not widen a tensor with dims."""
        if isinstance(other, Tensor) and _cpu_scalar_meets_cuda(self, other):
            return self.to(other.device)._operands(other)
        other = self._other(other)
        a, b = self._data.dtype, other._data.dtype
        if a == b:
            return self, other
        ca, cb = dtypes.category(a), dtypes.category(b)
        if ca != cb:
            return (self, other.to(a)) if ca > cb else (self.to(b), other)
        if other._data.ndim == 0 and self._data.ndim > 0:
            return self, other.to(a)
        if self._data.ndim == 0 and other._data.ndim > 0:
            return self.to(b), other
        return self, other

    def add(self, other, *, alpha=1, out=None):
        return _out(E.Add.apply(*self._operands(other), alpha=alpha), out)

    def sub(self, other, *, alpha=1, out=None):
        if other is True or other is False:
            _bool_sub_error()
        return _out(E.Sub.apply(*self._operands(other), alpha=alpha), out)

    def mul(self, other, *, out=None):
        return _out(E.Mul.apply(*self._operands(other)), out)

    def div(self, other, *, rounding_mode=None, out=None):
        a, b = self._operands(other)
        if rounding_mode is not None:
            x, y = a._data, b._data
            _check_integer_divisor(x, y)
            q = self.xp.floor_divide(x, y) if rounding_mode == 'floor' else self.xp.trunc(x / y).astype(x.dtype)
            return _out(self._result(q), out)
        if a._data.dtype.kind != 'f':   # true division of integers gives floats
            a, b = a.to(dtypes.get_default_dtype()), b.to(dtypes.get_default_dtype())
        return _out(E.Div.apply(a, b), out)

    def pow(self, exponent):
        if isinstance(exponent, Tensor):
            return E.PowTensor.apply(*self._operands(exponent))
        if isinstance(exponent, float):
            return E.Pow.apply(self._floating(), exponent=exponent)
        if exponent < 0 and self._data.dtype.kind != 'f':
            raise RuntimeError('Integers to negative integer powers are not allowed.')
        return E.Pow.apply(self, exponent=exponent)

    def neg(self):
        return E.Neg.apply(self)

    __add__ = add
    __sub__ = sub
    __mul__ = mul
    __truediv__ = div
    __pow__ = pow
    __neg__ = neg
    subtract, multiply, divide, negative = sub, mul, div, neg

    def __radd__(self, other):
        return self._other(other).add(self)

    def __rsub__(self, other):
        if other is True or other is False:
            _bool_sub_error()
        return E.Rsub.apply(*reversed(self._operands(other)))

    def __rmul__(self, other):
        return self._other(other).mul(self)

    def __rtruediv__(self, other):
        return self._other(other).div(self)

    def __rpow__(self, other):
        return self._other(other).pow(self)

    def __floordiv__(self, other):
        return self.div(other, rounding_mode='floor')

    def __mod__(self, other):
        a, b = self._operands(other)
        _check_integer_divisor(a._data, b._data)
        return self._result(a._data % b._data)

    def __pos__(self):
        return self

    def _floating(self):
        """This tensor, or a copy in the default float dtype if it holds integers or bools (exp, log, ... of
        integers give floats in PyTorch)."""
        return self if self._data.dtype.kind == 'f' else self.to(dtypes.get_default_dtype())

    def exp(self):
        return E.Exp.apply(self._floating())

    def log(self):
        return E.Log.apply(self._floating())

    def sqrt(self):
        return E.Sqrt.apply(self._floating())

    def abs(self):
        return E.Abs.apply(self)

    __abs__ = abs

    def sigmoid(self):
        return E.Sigmoid.apply(self._floating())

    def tanh(self):
        return E.Tanh.apply(self._floating())

    def relu(self):
        return E.Relu.apply(self)

    def clamp(self, min=None, max=None):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        if isinstance(min, Tensor) or isinstance(max, Tensor):   # tensor bounds get gradients too: two where()s
            out = self if min is None else where(self < min, min, self)
            return out if max is None else where(out > max, max, out)
        if isinstance(min, float) or isinstance(max, float):      # a float bound makes an integer tensor float
            return E.Clamp.apply(self._floating(), min=min, max=max)
        return E.Clamp.apply(self, min=min, max=max)

    clip = clamp

    def maximum(self, other):
        return E.Maximum.apply(*self._operands(other))

    def minimum(self, other):
        return E.Minimum.apply(*self._operands(other))

    def where(self, condition, other):
        return where(condition, self, other)

    def nonzero(self, *, as_tuple=False):
        """The indices of the non-zero elements: one row per element (as_tuple: one index tensor per dim)."""
        if as_tuple:
            return tuple(Tensor._make(i) for i in self.xp.nonzero(self.xp.atleast_1d(self._data)))
        return Tensor._make(self.xp.argwhere(self._data))

    def sign(self):
        return self._result(self.xp.sign(self._data))

    # -- comparisons (no gradient) -----------------------------------------------------------
    def _compare(self, other, name):
        """The array module's elementwise comparison or logical op `name` ('less', 'bitwise_and', ...) on the operands
        as arithmetic sees them (promoted; a CPU scalar tensor beside a CUDA one moved to its device, either side)."""
        a, b = self._operands(other)
        return a._result(getattr(a.xp, name)(a._data, b._data))

    def eq(self, other):
        return self._compare(other, 'equal')

    def ne(self, other):
        return self._compare(other, 'not_equal')

    def lt(self, other):
        return self._compare(other, 'less')

    def le(self, other):
        return self._compare(other, 'less_equal')

    def gt(self, other):
        return self._compare(other, 'greater')

    def ge(self, other):
        return self._compare(other, 'greater_equal')

    __eq__, __ne__, __lt__, __le__, __gt__, __ge__ = eq, ne, lt, le, gt, ge

    def equal(self, other):
        return self.shape == other.shape and bool((self._data == other._data).all())

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return bool(self.xp.allclose(self._data, other._data, rtol, atol, equal_nan))

    def __and__(self, other):
        return self._compare(other, 'logical_and' if self.dtype is dtypes.bool else 'bitwise_and')

    def __or__(self, other):
        return self._compare(other, 'logical_or' if self.dtype is dtypes.bool else 'bitwise_or')

    def __invert__(self):
        return self._result(~self._data)

    def logical_not(self):
        return self._result(self.xp.logical_not(self._data))

    def isnan(self):
        return self._result(self.xp.isnan(self._data))

    def isfinite(self):
        return self._result(self.xp.isfinite(self._data))

    def all(self, dim=None, keepdim=False):
        return self._result(self._data.all(axis=dim, keepdims=keepdim))

    def any(self, dim=None, keepdim=False):
        return self._result(self._data.any(axis=dim, keepdims=keepdim))

    def argmax(self, dim=None, keepdim=False):
        return self._arg(self._data.argmax, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return self._arg(self._data.argmin, dim, keepdim)

    def _arg(self, fn, dim, keepdim):
        if dim is None:    # the index into the flattened tensor (keepdim: in a shape of ones)
            return self._result(fn()).reshape((1,) * self.ndim if keepdim else ())
        return self._result(fn(axis=normalize_dim(dim, self.ndim), keepdims=keepdim))

    # -- reductions -----------------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
        """Sum over `dim` (all dims by default). numpy's axis/keepdims are accepted too."""
        dim, keepdim = _np_aliases(dim, keepdim, axis, keepdims)
        src = self if dtype is None else self.to(dtype)
        return (R.Sum if dim is None else R.SumDim).apply(src, dim=dim, keepdim=keepdim)

    def mean(self, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
        dim, keepdim = _np_aliases(dim, keepdim, axis, keepdims)
        src = self if dtype is None else self.to(dtype)
        return (R.Mean if dim is None else R.MeanDim).apply(src, dim=dim, keepdim=keepdim)

    def max(self, dim=None, keepdim=False):
        """max() -> the largest value; max(dim) -> (values, indices); max(other) -> elementwise maximum."""
        return self._extreme(dim, keepdim, R.MaxAll, R.MaxDim, self.maximum, self._data.argmax, MinMaxResult)

    def min(self, dim=None, keepdim=False):
        return self._extreme(dim, keepdim, R.MinAll, R.MinDim, self.minimum, self._data.argmin, MinResult)

    def _extreme(self, dim, keepdim, all_op, dim_op, elementwise, arg, result):
        if isinstance(dim, Tensor):
            return elementwise(dim)
        if self._data.size == 0:
            raise RuntimeError('max(): Expected reduction dim to be specified for input.numel() == 0.')
        if dim is None:
            return all_op.apply(self)
        d = normalize_dim(dim, self.ndim)
        indices = arg(axis=d)
        values = dim_op.apply(self, dim=d, keepdim=keepdim, indices=indices)
        return result(values, self._result(self.xp.expand_dims(indices, d) if keepdim else indices))

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return R.Var.apply(self, dim=dim, correction=_correction(unbiased, correction), keepdim=keepdim)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return R.Std.apply(self, dim=dim, correction=_correction(unbiased, correction), keepdim=keepdim)

    def softmax(self, dim):
        return R.Softmax.apply(self, dim=dim)

    def log_softmax(self, dim):
        return R.LogSoftmax.apply(self, dim=dim)

    def norm(self, p=2, dim=None, keepdim=False):
        """The p-norm, (sum |x|^p)^(1/p), over `dim` (all elements by default)."""
        if p == 2:
            return (self * self).sum(dim, keepdim=keepdim).sqrt()
        return (self.abs() ** p).sum(dim, keepdim=keepdim) ** (1.0 / p)

    def prod(self):
        return self._result(self._data.prod())

    # -- linear algebra -------------------------------------------------------------------------
    def matmul(self, other, *, out=None):
        other = self._other(other)
        if self.ndim == 1 and other.ndim == 2:   # as PyTorch: x.unsqueeze(0).mm(w).squeeze_(0), the same graph
            return _out(S.SqueezeDimInplace.apply(L.Mm.apply(self.unsqueeze(0), other), dim=0), out)
        if self.ndim >= 3 and other.ndim == 2:   # as PyTorch: the batch dims folded into one mm, unfolded after
            lead, k = self.shape[:-1], self.shape[-1]
            flat = L.Mm.apply(self.reshape(math.prod(lead), k), other)
            return _out(S.UnsafeView.apply(flat, shape=(*lead, other.shape[-1])), out)
        return _out(L.matmul_class(self.ndim, other.ndim).apply(self, other), out)

    __matmul__ = matmul

    def __rmatmul__(self, other):
        return self._other(other).matmul(self)

    def mm(self, mat2, *, out=None):
        if self.ndim != 2 or mat2.ndim != 2:
            raise RuntimeError(f'{"self" if self.ndim != 2 else "mat2"} must be a matrix')
        return self.matmul(mat2, out=out)

    def bmm(self, mat2):
        if self.ndim != 3 or mat2.ndim != 3:
            raise RuntimeError(f'batch1 must be a 3D tensor' if self.ndim != 3 else 'batch2 must be a 3D tensor')
        if self.shape[0] != mat2.shape[0]:     # bmm does not broadcast the batch dim
            L.Matmul.shape_error(self._data, mat2._data)
        return self.matmul(mat2)

    def dot(self, other):
        if self.ndim != 1 or other.ndim != 1:
            raise RuntimeError(f'1D tensors expected, but got {self.ndim}D and {other.ndim}D tensors')
        return self.matmul(other)

    def mv(self, vec):
        return self.matmul(vec)

    # -- shape --------------------------------------------------------------------------------
    def view(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], dtypes.dtype):
            raise NotImplementedError('minigrad: view(dtype) is not supported')
        return S.View.apply(self, shape=_shape_arg(shape))

    def reshape(self, *shape):
        shape = _shape_arg(shape)
        if shape == self._data.shape:
            return self
        try:
            return S.View.apply(self, shape=shape)
        except RuntimeError as e:   # no view of this memory has that shape: as PyTorch, a copy (clone) is viewed
            if not str(e).startswith('view size is not compatible'):
                raise
        return S.UnsafeView.apply(S.Clone.apply(self), shape=shape)

    def view_as(self, other):
        return self.view(other.shape)

    def reshape_as(self, other):
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        if self.ndim == 0:
            return self.reshape(1)
        s, e = normalize_dim(start_dim, self.ndim), normalize_dim(end_dim, self.ndim)
        if s > e:
            raise RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim')
        if s == e:
            return self
        shape = self.shape
        n = 1
        for d in shape[s:e + 1]:
            n *= d
        return self.reshape(shape[:s] + (n,) + shape[e + 1:])

    def unflatten(self, dim, sizes):
        d = normalize_dim(dim, self.ndim)
        return self.reshape(self.shape[:d] + tuple(sizes) + self.shape[d + 1:])

    def squeeze(self, dim=None):
        return S.Squeeze.apply(self) if dim is None else S.SqueezeDim.apply(self, dim=dim)

    def unsqueeze(self, dim):
        return S.Unsqueeze.apply(self, dim=dim)

    def expand(self, *sizes):
        return S.Expand.apply(self, shape=_shape_arg(sizes))

    def expand_as(self, other):
        return self.expand(other.shape)

    def broadcast_to(self, shape):
        return self.expand(shape)

    def permute(self, *dims):
        return S.Permute.apply(self, dims=_shape_arg(dims))

    def transpose(self, dim0, dim1):
        return S.Transpose.apply(self, dim0=dim0, dim1=dim1)

    swapaxes = swapdims = transpose

    def t(self):
        if self.ndim > 2:
            raise RuntimeError(f't() expects a tensor with <= 2 dimensions, but self is {self.ndim}D')
        return S.T.apply(self, dim0=0, dim1=self.ndim - 1) if self.ndim == 2 else self

    def t_(self):
        return self._set_inplace(self.t())

    def contiguous(self):
        return self if self._data.flags.c_contiguous else S.Clone.apply(self)

    def clone(self):
        return S.Clone.apply(self)

    def split(self, split_size, dim=0):
        d = normalize_dim(dim, self.ndim)
        n = self._data.shape[d]
        sizes = split_size if isinstance(split_size, (list, tuple)) else \
            [min(split_size, n - i) for i in range(0, n, split_size)] or [0]
        if sum(sizes) != n:
            raise RuntimeError(f'split_with_sizes expects split_sizes to sum exactly to {n} (input tensor\'s size at '
                               f'dimension {dim}), but got split_sizes={list(sizes)}')
        part = I.SplitWithSizes if isinstance(split_size, (list, tuple)) else I.Split
        parts, start = [], 0
        for size in sizes:
            parts.append(part.apply(self, key=(slice(None),) * d + (slice(start, start + size),)))
            start += size
        return tuple(parts)

    def chunk(self, chunks, dim=0):
        if chunks <= 0:
            raise RuntimeError(f'chunk expects `chunks` to be greater than 0, got: {chunks}')
        n = self._data.shape[normalize_dim(dim, self.ndim)]
        return self.split(max(1, -(-n // chunks)), dim)

    def unbind(self, dim=0):
        d = normalize_dim(dim, self.ndim)
        return tuple(I.Unbind.apply(self, key=(slice(None),) * d + (i,)) for i in range(self._data.shape[d]))

    def narrow(self, dim, start, length):
        d = normalize_dim(dim, self.ndim)
        if start + length > self._data.shape[d]:
            raise RuntimeError(f'start ({start}) + length ({length}) exceeds dimension size ({self._data.shape[d]}).')
        return self[(slice(None),) * d + (slice(start, start + length),)]

    # -- indexing -------------------------------------------------------------------------------
    def __getitem__(self, key):
        key = _index_key(key, self.device)
        if not I.is_basic(key) and int in map(type, key):
            # PyTorch selects with the ints first, then indexes with the arrays; numpy counts the ints as index
            # arrays, which orders the dims differently when a slice or None lies between them: x[0, :, [1, 2]]
            first = []
            for k in key:
                if type(k) is int or k is Ellipsis:
                    first.append(k)
                elif k is not None:     # a slice or an index array (a bool mask spans mask.ndim dims)
                    first += [slice(None)] * (k.ndim if getattr(k, 'dtype', None) == bool else 1)
            return self[tuple(first)][tuple(k for k in key if type(k) is not int)]
        return I.index_class(key).apply(self, key=key)

    def __setitem__(self, key, value):
        key = _index_key(key, self.device)
        value = self._other(value)
        basic = I.is_basic(key)
        if _records(self, value, view=basic):
            if basic:       # a basic key writes through a view, as in PyTorch
                self[key].copy_(value)
            else:
                self._set_inplace(I.IndexPut.apply(self._snapshot(), value, key=key))
            return
        try:
            self._data[key] = value._data
        except IndexError as e:
            raise I.index_error(e, self.ndim) from None
        except ValueError:  # PyTorch's words for a value that does not broadcast to the selection
            value.expand(self._data[key].shape)
            _check_writeable(self)
            raise
        self._vc[0] += 1

    # -- in-place ops ---------------------------------------------------------------------------
    def _snapshot(self):
        """A copy of this tensor's current value that stays in the graph where it is."""
        t = Tensor._make(self._data.copy(), grad_fn=self.grad_fn, requires_grad=self._requires_grad)
        if t.grad_fn is None and self._requires_grad:
            t._accumulator = self._accumulator
        return t

    def _set_inplace(self, result):
        """Write `result` into this tensor's memory and take its place in the graph."""
        if result._data.shape != self._data.shape:
            if result._data.size == self._data.size and not result.requires_grad:
                self._data = result._data          # t_() and friends reshape in place
            else:
                raise RuntimeError(f'output with shape {list(self.shape)} doesn\'t match the broadcast shape '
                                   f'{list(result.shape)}')
        else:
            if result._data.dtype != self._data.dtype and not numpy.can_cast(result._data.dtype, self._data.dtype,
                                                                              'same_kind'):
                raise RuntimeError(f'result type {dtypes.title(result.dtype)} can\'t be cast to the desired output '
                                   f'type {dtypes.title(self.dtype)}')
            try:
                self._data[...] = result._data
            except ValueError:
                _check_writeable(self)
                raise
        self._vc[0] += 1
        if result.grad_fn is None:
            return self
        if self._base is None:
            self._grad_fn, self._requires_grad = result.grad_fn, True
        else:   # the change went through a view into its base: the base's node now puts the view's gradient back
            base, key = self._base, I.view_key(self._base._data, self._view[0])
            base._grad_fn, base._requires_grad = I.CopySlices.apply(base, result, key=key).grad_fn, True
            self._sync_view(key)
        return self

    def _inplace(self, op, *args, **kwargs):
        """Run `op(self, *args)` and write the result into self, as PyTorch's trailing-underscore ops do."""
        others = [a for a in args if isinstance(a, Tensor)]
        if _records(self, *others):
            return self._set_inplace(op(self._snapshot(), *args, **kwargs))
        with grad_mode.no_grad():
            return self._set_inplace(op(self, *args, **kwargs))

    def _arith_(self, op, ufunc, other, alpha=1):
        """add_/sub_/mul_/div_. With no graph to record, the ufunc writes straight into this tensor's memory
        (one pass, no temporary: this is what an optimizer step pays for every parameter)."""
        if _records(self, *([other] if isinstance(other, Tensor) else [])):
            kwargs = {'alpha': alpha} if alpha != 1 else {}
            return self._set_inplace(op(self._snapshot(), other, **kwargs))
        a, b = self._operands(other)
        b = b._data if alpha == 1 else b._data * alpha
        result = dtypes.promote_types(a._data.dtype, b.dtype)
        if ufunc is self.xp.true_divide and result.kind != 'f':     # true division of integers gives floats
            result = dtypes.get_default_dtype().np
        if not numpy.can_cast(result, self._data.dtype, 'same_kind'):
            raise RuntimeError(f"result type {dtypes.title(result)} can't be cast to the desired output type "
                               f"{dtypes.title(self.dtype)}")
        try:
            ufunc(self._data, b, out=self._data)
        except ValueError:
            _check_writeable(self)
            shape = numpy.broadcast_shapes(self._data.shape, b.shape)
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape "
                               f"{list(shape)}") from None
        self._vc[0] += 1
        return self

    def add_(self, other, *, alpha=1):
        return self._arith_(Tensor.add, self.xp.add, other, alpha)

    def sub_(self, other, *, alpha=1):
        return self._arith_(Tensor.sub, self.xp.subtract, other, alpha)

    def mul_(self, other):
        return self._arith_(Tensor.mul, self.xp.multiply, other)

    def div_(self, other):
        return self._arith_(Tensor.div, self.xp.true_divide, other)

    def pow_(self, exponent):
        return self._inplace(Tensor.pow, exponent)

    def clamp_(self, min=None, max=None):
        return self._inplace(Tensor.clamp, min=min, max=max)

    def relu_(self):
        return self._inplace(Tensor.relu)

    def neg_(self):
        return self._inplace(Tensor.neg)

    def exp_(self):
        return self._inplace(Tensor.exp)

    def sqrt_(self):
        return self._inplace(Tensor.sqrt)

    def copy_(self, src):
        src = self._other(src) if not isinstance(src, Tensor) else src
        if src.device != self.device:
            src = src.to(self.device)
        return self._inplace(S.Copy.apply, src)

    __iadd__, __isub__, __imul__, __itruediv__ = add_, sub_, mul_, div_

    def _fill(self, values, name):
        """Overwrite every element with `values` (an array or a number); recorded as PyTorch's node `name`, which
        sends a zero gradient to the old values."""
        if _records(self):
            return self._set_inplace(S.Copy.apply(self._snapshot(), Tensor._make(self.xp.asarray(values)), name=name))
        self._data[...] = values
        self._vc[0] += 1
        return self

    def zero_(self):
        return self._fill(0, 'ZeroBackward0')

    def fill_(self, value):
        if isinstance(value, Tensor):
            return self._fill(value.item(), 'FillBackward3')
        return self._fill(value, 'FillBackward2')

    def uniform_(self, a=0.0, b=1.0, generator=None):
        from .random import uniform
        return self._fill(uniform(self.shape, a, b, self._data.dtype, self.device, generator), 'UniformBackward0')

    def normal_(self, mean=0.0, std=1.0, generator=None):
        from .random import normal
        return self._fill(normal(self.shape, mean, std, self._data.dtype, self.device, generator), 'NormalBackward0')

    def random_(self, low, high=None, generator=None):
        from .random import integers
        name = 'RandomBackward1' if high is None else 'RandomBackward0'
        if high is None:
            low, high = 0, low
        return self._fill(integers(self.shape, low, high, self._data.dtype, self.device, generator), name)

    # -- constructors like this one -----------------------------------------------------------
    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        from .factories import ones
        return ones(*size, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        from .factories import zeros
        return zeros(*size, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        from .factories import full
        return full(size, fill_value, dtype=dtype or self.dtype, device=device or self.device,
                    requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        from .factories import empty
        return empty(*size, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from .factories import tensor
        return tensor(data, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)


class MinMaxResult(tuple):
    """What max(dim)/min(dim) return: a (values, indices) pair with names, as torch.return_types.max."""
    name = 'max'

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return f'minigrad.return_types.{self.name}(\nvalues={self[0]!r},\nindices={self[1]!r})'


class MinResult(MinMaxResult):
    """What min(dim) returns, printed as torch.return_types.min."""
    name = 'min'


def _records(target, *others, view=False):
    """Whether an in-place op on `target` with these other inputs is recorded. Refused, as in PyTorch: on a leaf
    that requires grad (`view`: through a view of it), on a view of such a leaf, on a view made in no_grad mode."""
    if not grad_mode._enabled:
        return False
    if target._view is not None:
        target._sync_view()
    if not target._requires_grad and not any(t._requires_grad for t in others):
        return False
    base = target if target._base is None else target._base
    if base.grad_fn is None and base._requires_grad:
        _leaf_inplace_error(view or base is not target)
    if base is not target and target._view is None:
        raise RuntimeError('A view was created in no_grad mode and is being modified inplace with grad mode '
                           'enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can '
                           'clarify your code by moving both the view and the inplace either both inside the no_grad '
                           'block (if you don\'t want the inplace to be tracked) or both outside (if you want the '
                           'inplace to be tracked).')
    return True


def _bool_sub_error():
    raise RuntimeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to '
                       'invert a mask, use the `~` or `logical_not()` operator instead.')


def _check_integer_divisor(x, y):
    """PyTorch raises for an integer division or remainder by 0, where numpy gives 0 with a warning."""
    if x.dtype.kind != 'f' and not y.all():
        raise RuntimeError('ZeroDivisionError')


def _check_writeable(t):
    """PyTorch's error for an in-place write into an expanded tensor (numpy marks those read-only)."""
    if not getattr(t._data.flags, 'writeable', True):
        raise RuntimeError('unsupported operation: more than one element of the written-to tensor refers to a single '
                           'memory location. Please clone() the tensor before performing the operation.')


def _leaf_inplace_error(view=False):
    raise RuntimeError(f'a {"view of a " if view else ""}leaf Variable that requires grad is being used in an '
                       'in-place operation.')


def _scalar_dtype(np_dtype, x):
    """The dtype a Python number takes in an op with a tensor of `np_dtype` (PyTorch's promotion)."""
    if isinstance(x, bool):
        return np_dtype
    if isinstance(x, numbers.Integral):
        return np_dtype if np_dtype.kind != 'b' else numpy.int64
    if isinstance(x, numbers.Real):
        return np_dtype if np_dtype.kind == 'f' else dtypes.get_default_dtype().np
    raise TypeError(f'minigrad: unsupported operand {x!r}')


def _np_aliases(dim, keepdim, axis, keepdims):
    return (axis if dim is None else dim), (keepdims if keepdims is not None else keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 0 if unbiased is False else 1


def _shape_arg(shape):
    """f(2, 3), f((2, 3)) and f(torch.Size([2, 3])) all mean the shape (2, 3)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(s) for s in shape)


def _index_key(key, device):
    """A key numpy/cupy understands: index Tensors and lists become arrays on `device` (the indexed tensor's),
    and a single index becomes a 1-tuple."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if isinstance(k, Tensor):
            if k.is_cuda and k.device != device:
                raise RuntimeError(f'indices should be either on cpu or on the same device as the indexed tensor '
                                   f'({device})')
            if k._data.dtype.kind == 'f':
                raise IndexError('tensors used as indices must be long, int, byte or bool tensors')
            k = backend.to_device(k._data, device)
        elif isinstance(k, list):
            k = backend.module_for(device).asarray(k)
        elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
            k = int(k)
        elif isinstance(k, numbers.Number):
            raise IndexError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are '
                             f'valid indices (got {type(k).__name__})')
        out.append(k)
    return tuple(out)


def _out(result, out):
    """Write into a user-given `out=` tensor, as torch.add(x, y, out=result) does."""
    if out is None:
        return result
    if out._data.shape == result._data.shape:
        out._data[...] = result._data
    else:
        out._data = result._data.astype(out._data.dtype)
    out._vc[0] += 1
    return out


def as_tensor_data(data, dtype=None, device=None):
    """An array from Python data, numpy/cupy arrays or Tensors, in `dtype` (inferred as PyTorch does)."""
    if isinstance(data, Tensor):
        data = data._data
    if device is not None and hasattr(data, 'shape'):   # an array: copy it to `device` first (host <-> GPU)
        data = backend.to_device(data, device)
    xp = backend.module_for(device) if device is not None else backend.get_array_module(data)
    try:
        arr = xp.asarray(data, dtype=None if dtype is None else dtypes.to_dtype(dtype).np)
    except ValueError:
        _check_ragged(data)
        raise
    if dtype is not None:
        return arr
    python = not hasattr(data, 'dtype')     # Python numbers and lists, not arrays
    if arr.dtype.kind == 'f' and python:
        arr = arr.astype(dtypes.get_default_dtype().np)  # Python floats -> float32
    elif arr.dtype.kind == 'O' or (arr.dtype.kind == 'u' and python):   # ints beyond int64
        if any(isinstance(v, numbers.Integral) for v in arr.ravel().tolist()):
            raise ValueError('Overflow when unpacking long long')
        raise TypeError(f'minigrad.tensor: could not infer dtype of {type(data).__name__}')
    if arr.dtype.kind in 'iu' and python:
        arr = arr.astype(numpy.int64)
    dtypes.from_numpy_dtype(arr.dtype)  # raises for dtypes minigrad has no name for
    return arr


def to_args(args, device=None, dtype=None):
    """(device, dtype) from the positional arguments of Tensor.to / Module.to: a device (str, int CUDA index or
    device), a dtype, both, or a tensor whose device and dtype are taken."""
    for a in args:
        if isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, int, backend.device)):
            device = a
        else:
            dtype = a
    return device, dtype


def _cpu_scalar_meets_cuda(x, t):
    """Whether x is a CPU scalar (0-dim) tensor and t a CUDA tensor: PyTorch's elementwise ops then move x to t's
    device (`cuda_x * torch.tensor(2.0)`) where any other mix of devices is an error."""
    return x._data.ndim == 0 and t.is_cuda and not x.is_cuda


def _check_ragged(data):
    """PyTorch's error for nested lists of unequal lengths: each dim's length is the first element's."""
    shape, x = [], data
    while isinstance(x, (list, tuple)):
        shape.append(len(x))
        x = x[0] if x else None

    def check(x, d):
        if d < len(shape) and isinstance(x, (list, tuple)):
            if len(x) != shape[d]:
                raise ValueError(f'expected sequence of length {shape[d]} at dim {d} (got {len(x)})')
            for item in x:
                check(item, d + 1)
    check(data, 0)


def where(condition, input=None, other=None):
    """where(cond, a, b): a where cond is True, else b (differentiable in a and b; either may be a number).
    where(cond) is cond.nonzero(as_tuple=True)."""
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):   # two numbers: a tensor from the first
        input = Tensor._make(as_tensor_data(input, device=condition.device))
    a, b = input._operands(other) if isinstance(input, Tensor) else reversed(other._operands(input))
    cond = condition._data if isinstance(condition, Tensor) else condition
    if cond.dtype.kind != 'b':
        raise RuntimeError('where expected condition to be a boolean tensor, but got a tensor with dtype '
                           f'{dtypes.title(cond.dtype)}')
    return E.Where.apply(a, b, cond=cond)


function.Tensor = engine.Tensor = Tensor
