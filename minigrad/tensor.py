"""Tensor: an array (numpy or cupy) plus what autograd needs to know about it.

    data          the values (`_data` holds the array itself; `.data` is a detached Tensor, as in PyTorch)
    requires_grad whether gradients should flow to it
    grad_fn       the node that made it (None for a leaf); _output_nr: which of the node's outputs it is
    grad          for leaves: the accumulated gradient after backward()
    _vc           version counter, shared with views; bumped by every in-place change
    _base         for a view: the tensor that owns its memory; _view: how the view was taken (autograd/views.py)

This file holds the tensor's state, its attributes, conversions and backward(). The ops (`x * y`, `x.sum()`,
`x.view(2, 3)`, ...) live in minigrad/functions/, each beside its node; functions/table.py binds them onto Tensor
and into minigrad (minigrad/__init__.py calls its bind), so `x.mul(y)` and `minigrad.mul(x, y)` are one function.
"""
import copy
import numbers
import warnings
import weakref

from . import backend, dtypes
from ._tensor_str import tensor_repr
from .autograd import engine, grad_mode
from .autograd.graph import accumulate_node
from .dims import CHANNELS_LAST_RANKS, is_dense_in, memory_order, normalize_dim, parses_ints
from .autograd.hooks import RemovableHandle


class Size(tuple):
    """A tensor's shape: a tuple printed as PyTorch prints it, torch.Size([2, 3])."""

    def __repr__(self):
        return f'minigrad.Size({list(self)})'

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    # joined, repeated or sliced, a Size stays a Size, as PyTorch's
    def __add__(self, other):
        return Size(tuple(self) + other) if isinstance(other, tuple) else NotImplemented

    def __radd__(self, other):
        return Size(other + tuple(self)) if isinstance(other, tuple) else NotImplemented

    def __mul__(self, n):
        return Size(tuple(self) * n)

    __rmul__ = __mul__

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return Size(item) if isinstance(key, slice) else item


class Tensor:
    __slots__ = ('_data', 'grad', '_requires_grad', '_grad_fn', '_output_nr', '_vc', '_base', '_view', '_accumulator',
                 '_post_accumulate_grad_hooks', '_hooks', '_zero', '__weakref__')
    __array_priority__ = 1000    # array + tensor: numpy leaves it to Tensor.__radd__ (which gives NotImplemented
                                # for an array, so numpy computes, then hands its result to __array_wrap__)
    __hash__ = object.__hash__

    def __init__(self, *args, dtype=None, device=None):
        """The legacy constructor: Tensor(data) (float32) or Tensor(*sizes) (uninitialised)."""
        if len(args) == 1 and not isinstance(args[0], int):
            t = dtypes.as_array(args[0]._data if isinstance(args[0], Tensor) else args[0], dtypes.get_default_dtype() if dtype is None else dtype, device)
        else:
            xp = backend.module_for(device)
            t = xp.empty(args[0] if len(args) == 1 and isinstance(args[0], tuple) else args,
                         dtypes.to_dtype(dtype or dtypes.get_default_dtype()).np)
        self._init(t)

    def _init(self, data, grad_fn=None, vc=None, requires_grad=False):
        self._data, self.grad, self._grad_fn = data, None, grad_fn
        self._requires_grad = requires_grad or grad_fn is not None
        self._vc = vc if vc is not None else [0]
        self._output_nr = 0
        self._base = self._view = self._accumulator = self._post_accumulate_grad_hooks = self._hooks = None
        self._zero = False      # an efficient zero: a gradient known to be 0 (autograd/gradients.py)

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

    @parses_ints(method=True)
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

    ndimension = dim

    @property
    def nbytes(self):
        return int(self._data.nbytes)

    @property
    def itemsize(self):
        return self._data.itemsize

    @property
    def is_cpu(self):
        return self.device.type == 'cpu'

    def get_device(self):
        """The CUDA device's index, -1 on the CPU."""
        return self.device.index if self.is_cuda else -1

    def is_same_size(self, other):
        return self.shape == other.shape

    @property
    def real(self):
        """The real part: the tensor itself, as PyTorch's for a real tensor."""
        return self

    @property
    def imag(self):
        raise RuntimeError('imag is not implemented for tensors with non-complex dtypes.')

    def numel(self):
        return int(self._data.size)

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    def is_contiguous(self, memory_format=dtypes.contiguous_format):
        """Whether the elements lie in memory without gaps, in C order or in channels-last order (memory_format)."""
        if memory_format.name not in CHANNELS_LAST_RANKS:
            return bool(self._data.flags.c_contiguous)
        if self.ndim != CHANNELS_LAST_RANKS[memory_format.name]:
            return False
        return is_dense_in(self.shape, self.stride(), memory_order(memory_format, self.ndim))

    # what PyTorch code asks of a tensor that minigrad has no other kind of: a dense (strided) tensor in ordinary
    # memory, not sparse, quantized, nested, meta, pinned, shared between processes or made in inference mode, on no
    # device but the CPU and CUDA
    layout = dtypes.strided
    is_sparse = is_sparse_csr = is_quantized = is_meta = is_nested = is_mkldnn = False
    is_mps = is_xpu = is_xla = is_ipu = is_vulkan = is_maia = is_mtia = False

    def is_inference(self):
        return False

    def is_pinned(self):
        return False

    def is_shared(self):
        return False

    def share_memory_(self):
        """Already done: minigrad runs in one process (PyTorch moves the memory to shared memory for workers)."""
        return self

    @property
    def output_nr(self):
        """Which output of its grad_fn this tensor is (0 with no grad_fn: a leaf, or a part made outside a graph)."""
        return self._output_nr if self.grad_fn is not None else 0

    def data_ptr(self):
        """The address of the first element; 0 for a tensor with no elements, as PyTorch's."""
        return backend.data_ptr(self._data) if self._data.size else 0

    const_data_ptr = data_ptr

    def storage_offset(self):
        """How many elements after the start of its memory (the array that owns it: a view's base) the tensor
        starts, as PyTorch's offset into its storage. (A slice with no elements may say less than PyTorch's: numpy
        does not move the start of an array of no elements, x[1:1] of x = arange(4) starts at 0.)"""
        return backend.offset_in_owner(self._data)

    @parses_ints(method=True)
    def stride(self, dim=None):
        s = tuple(st // self._data.itemsize for st in self._data.strides)
        return s if dim is None else s[normalize_dim(dim, self.ndim)]

    @property
    def requires_grad(self):
        if self._view is not None and self._view.sync(self, check=False):   # a view follows its base, which may
            return True                                                     # require grad since
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if self.grad_fn is not None:
            raise RuntimeError('you can only change requires_grad flags of leaf variables.' + ('' if flag is True else
                               ' If you want to use a computed variable in a subgraph that doesn\'t require '
                               'differentiation use var_no_grad = var.detach().'))
        if not isinstance(flag, bool):
            raise RuntimeError('requires_grad must be a bool')
        if flag and self._data.dtype.kind != 'f':
            raise RuntimeError('Only Tensors of floating point and complex dtype can require gradients')
        self._requires_grad = flag

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._data.dtype.kind != 'f':    # PyTorch words it differently here
            raise RuntimeError('only Tensors of floating point dtype can require gradients')
        if requires_grad and self.grad_fn is not None:        # a non-leaf already requires grad
            return self
        self.requires_grad = bool(requires_grad)
        return self

    @property
    def _version(self):
        """How many in-place changes this tensor's memory has had (shared with its views)."""
        return self._vc[0]

    def _is_zerotensor(self):
        """Whether this is an efficient zero (PyTorch's ZeroTensor): a gradient known to be 0, which stays 0 times
        inf or nan (sgn's derivative, and what a product with it gives: autograd/gradients.py)."""
        return self._zero

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad_fn(self):
        """The node that made this tensor (None for a leaf). A view whose base an in-place op has put in a new
        node since gets its own node remade first (ViewRecord.sync in autograd/views.py)."""
        if self._view is not None:
            self._view.sync(self)
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
        return self.permute(tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self):
        return self._matrix_transpose('mT')

    @property
    def mH(self):
        """The conjugate transpose of batches of matrices: for real values mT."""
        return self._matrix_transpose('mH')

    def _matrix_transpose(self, name):
        if self.ndim == 0:      # (PyTorch's deprecated case: the tensor itself)
            warnings.warn(f'Tensor.{name} is deprecated on 0-D tensors. ' + (
                'This function is the identity in these cases.' if name == 'mT' else 'Consider using x.conj().'))
            return self
        if self.ndim < 2:
            raise RuntimeError(f'tensor.{name} is only supported on matrices or batches of matrices. Got '
                               f'{self.ndim}-D tensor.')
        return self.transpose(-2, -1)

    @property
    def H(self):
        """The conjugate transpose of a matrix (for real values its transpose); a 0-d tensor is itself."""
        if self.ndim == 0:
            warnings.warn('Tensor.H is deprecated on 0-D tensors. Consider using x.conj().')
            return self
        if self.ndim != 2:
            batches = ' For batches of matrices, consider using tensor.mH' if self.ndim > 2 else ''
            raise RuntimeError(f'tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.'
                               + batches)
        return self.transpose(0, 1)

    def _grad_node(self):
        """The node gradients for this tensor flow into: its grad_fn, or its leaf's AccumulateGrad."""
        if self._view is not None:
            self._view.sync(self)
        if self._grad_fn is not None:
            return self._grad_fn
        return accumulate_node(self) if self._requires_grad else None

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

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A numpy function's result on a tensor (np.exp(x)), as a tensor on the array's memory, as PyTorch's: a bool
        result in uint8."""
        return Tensor._make(array.astype('uint8') if array.dtype == bool else array)

    def __len__(self):
        if self.ndim == 0:
            raise TypeError('len() of a 0-d tensor')
        return self._data.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError('iteration over a 0-d tensor')
        return (self[i] for i in range(self._data.shape[0]))

    def __reversed__(self):
        """reversed(x): x flipped along its first dim (a 0-d tensor is itself)."""
        return self if self.ndim == 0 else self.flip(0)

    def __contains__(self, element):
        """`element in x`: whether any element of x equals it (a number, or a tensor compared elementwise)."""
        if not isinstance(element, (Tensor, numbers.Number)):
            raise RuntimeError(f'Tensor.__contains__ only supports Tensor or scalar, but you passed in a '
                               f'{type(element)}.')
        return bool((element == self).any().item())

    def __bool__(self):
        if self._data.size != 1:
            values = 'no values' if self._data.size == 0 else 'more than one value'
            raise RuntimeError(f'Boolean value of Tensor with {values} is ambiguous')
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
        """As PyTorch: a 0-d tensor formats its number (f'{loss:.3f}'); any other tensor takes no format spec."""
        if self.ndim == 0:
            return format(self.item(), spec)
        if spec:
            raise TypeError('unsupported format string passed to Tensor.__format__')
        return str(self)

    def __repr__(self):
        return tensor_repr(self)

    def __deepcopy__(self, memo):
        """copy.deepcopy(model) works as in PyTorch: leaves are copied with their data, grad and flags."""
        if not self.is_leaf:
            raise RuntimeError('Only Tensors created explicitly by the user (graph leaves) support the deepcopy '
                               'protocol at the moment.')
        new = object.__new__(type(self))
        new._init(self._data.copy(), requires_grad=self._requires_grad)
        new.grad = copy.deepcopy(self.grad, memo)
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, protocol):
        """pickle (and minigrad.save of a whole model) keeps the data as a numpy array, the device, requires_grad
        and the class (Tensor or Parameter); not the graph: a non-leaf comes back as a leaf, as in PyTorch."""
        return _rebuild_tensor, (type(self), backend.as_numpy(self._data), str(self.device), self._requires_grad)

    # -- autograd -----------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor w.r.t. graph leaves, adding it into their .grad."""
        if inputs is not None:
            inputs = [inputs] if isinstance(inputs, Tensor) else list({id(t): t for t in inputs}.values())  # (once)
            captured = engine.run_backward([self], [gradient], retain_graph, create_graph, inputs, accumulate=False)
            for t, g in zip(inputs, captured):
                if g is not None:
                    t.grad = g if t.grad is None else t.grad + g
            return
        engine.run_backward([self], [gradient], retain_graph, create_graph)

    def detach(self):
        """The same data, cut from the graph (shares memory and version counter). Its own array object (a numpy
        view), so that an op given both x and x.detach() saves each as itself."""
        return Tensor._make(self._data.view(), vc=self._vc)

    def detach_(self):
        if self._base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               'DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as '
                               'True, gradients are views of DDP buckets, and hence detach_() cannot be called on '
                               'these gradients. To fix this error, please refer to the Optimizer.zero_grad() '
                               'function in torch/optim/optimizer.py as the solution.')
        self._grad_fn, self._requires_grad = None, False
        return self

    def retain_grad(self):
        """Keep .grad for this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        # a view that requires grad through its base alone is a leaf here; a part of split/unbind has a node of its
        # own, which PyTorch reads: its error once the base changed
        if self._view is not None and self._view.sync(self, check=self._view.output_nr is not None):
            return
        if self.grad_fn is not None:
            if self.grad_fn._retained is None:
                self.grad_fn._retained = {}
            self.grad_fn._retained[self._output_nr] = weakref.ref(self)

    def register_hook(self, hook):
        """Call `hook(grad)` each time a gradient with respect to this tensor is computed; a hook that returns a
        tensor replaces the gradient (for what follows: later hooks, .grad, the nodes behind). A leaf's hooks run
        before its .grad is updated; a non-leaf's are kept on its grad_fn, as PyTorch keeps them.
        Returns a handle whose .remove() takes the hook off."""
        if not self.requires_grad:      # (a view that requires grad through its base alone keeps a leaf's hooks,
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")  # never called)
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = {}
            hooks = self._hooks
        else:
            hooks = self.grad_fn.tensor_hooks(self._output_nr)
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook):
        """Call `hook(self)` each time backward has added a gradient into this leaf's .grad
        (DistributedDataParallel all-reduces gradients from such hooks). Returns a handle with .remove()."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError('post accumulate grad hooks cannot be registered on non-leaf tensors')
        if self._post_accumulate_grad_hooks is None:
            self._post_accumulate_grad_hooks = {}
        handle = RemovableHandle(self._post_accumulate_grad_hooks)
        self._post_accumulate_grad_hooks[handle.id] = hook
        return handle

    @property
    def retains_grad(self):
        return self.grad_fn is not None and self._output_nr in (self.grad_fn._retained or {})


def _rebuild_tensor(cls, array, device, requires_grad, *, map_location=None):
    """Unpickle what Tensor.__reduce_ex__ wrote; minigrad.load passes `map_location`, a function of the saved
    device giving the device to load to."""
    t = object.__new__(cls)
    t._init(backend.to_device(array, backend.device(device) if map_location is None else map_location(device)),
            requires_grad=requires_grad)
    return t
