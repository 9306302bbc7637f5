"""DistributedDataParallel: the same model on every process, each process on its share of the batch.

    model = DistributedDataParallel(net)      # every rank now holds rank 0's parameters and buffers
    loss = criterion(model(x), y)             # x: this rank's part of the global batch
    loss.backward()                           # gradients are averaged over the ranks during this call
    optimizer.step()                          # the same step on every rank, so the models stay identical

How the averaging is triggered: every parameter gets a post-accumulate-grad hook, which the engine calls once
backward has added the parameter's gradient into .grad. The parameters are grouped into buckets of about
`bucket_cap_mb` megabytes, in reverse order of registration (about the order in which backward finishes them,
last layer first). When every parameter of a bucket has its gradient, the bucket's gradients are copied into
one flat array, summed over the ranks by one all_reduce, divided by the world size and copied back: one
collective per bucket, not one per parameter. Buckets are reduced in order, so that every rank issues the same
collectives in the same order. (The all_reduce blocks, so communication is interleaved with backward, not
overlapped with it as PyTorch's background threads do.)
"""
from .. import distributed as dist
from ..backend import concrete, get_array_module
from ..tensor import Tensor
from .module import Module


class DistributedDataParallel(Module):
    """PyTorch's arguments, in its order. device_ids=[i] (one GPU per process, the module already on it) moves
    the Tensor arguments of forward to cuda:i. init_sync=False skips the broadcast of rank 0's parameters (and
    buffers, unless broadcast_buffers=False) at wrap time. output_device, dim, check_reduction,
    gradient_as_bucket_view and static_graph only tune PyTorch's reducer and change nothing here;
    find_unused_parameters=True is accepted, but every parameter that requires grad must still get a gradient in
    each backward."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0, broadcast_buffers=True, init_sync=True,
                 process_group=None, bucket_cap_mb=None, find_unused_parameters=False, check_reduction=False,
                 gradient_as_bucket_view=False, static_graph=False):
        super().__init__()
        params = [p for p in module.parameters() if p.requires_grad]
        if not params:
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter that "
                               "requires a gradient.")
        if device_ids is not None and len(device_ids) > 1:
            raise ValueError('device_ids can only be None or contain a single element.')
        devices = {p.device for p in module.parameters()}
        if (device_ids or output_device) and (len(devices) > 1 or next(iter(devices)).type == 'cpu'):
            raise ValueError(f'DistributedDataParallel device_ids and output_device arguments only work with '
                             f'single-device/multiple-device GPU modules or CPU modules, but got device_ids '
                             f'{device_ids}, output_device {output_device}, and module parameters {devices}.')
        if process_group is not None:
            raise ValueError('minigrad: DistributedDataParallel works on the default process group only '
                             '(process_group=None)')
        self.module, self.broadcast_buffers, self.dim = module, broadcast_buffers, dim
        self.device_ids = [concrete(d).index for d in device_ids] if device_ids else None
        self.output_device = concrete(device_ids[0] if output_device is None else output_device).index \
            if device_ids else None
        if init_sync:
            _broadcast_coalesced(list(module.parameters()) + (list(module.buffers()) if broadcast_buffers else []))
        cap_mb = 25 if bucket_cap_mb is None else bucket_cap_mb
        self._buckets = _make_buckets(params[::-1], cap_mb * 2 ** 20)
        self._ready = [0] * len(self._buckets)   # how many parameters of each bucket have their gradient
        self._next_bucket = 0                    # the first bucket not reduced yet in this backward
        for i, bucket in enumerate(self._buckets):
            for p in bucket:
                p.register_post_accumulate_grad_hook(lambda param, i=i: self._grad_ready(i))

    def forward(self, *inputs, **kwargs):
        if self._next_bucket or any(self._ready):
            raise RuntimeError('Expected to have finished reduction in the prior iteration before starting a new '
                               'one. This error indicates that your module has parameters that were not used in '
                               'producing loss: every parameter that requires grad must get a gradient in each '
                               'backward.')
        if self.broadcast_buffers:
            _broadcast_coalesced(list(self.module.buffers()))
        if self.device_ids:
            device = concrete(self.device_ids[0])
            inputs = [x.to(device) if isinstance(x, Tensor) else x for x in inputs]
            kwargs = {k: x.to(device) if isinstance(x, Tensor) else x for k, x in kwargs.items()}
        return self.module(*inputs, **kwargs)

    def _grad_ready(self, i):
        """A parameter of bucket i has its gradient: reduce every complete bucket whose turn has come."""
        self._ready[i] += 1
        while self._next_bucket < len(self._buckets):
            bucket = self._buckets[self._next_bucket]
            if self._ready[self._next_bucket] < len(bucket):
                return
            _average_gradients(bucket)
            self._ready[self._next_bucket] = 0
            self._next_bucket += 1
        self._next_bucket = 0                     # all buckets reduced: this backward is done


def _make_buckets(params, cap_bytes):
    """Consecutive parameters of one dtype, grouped until a bucket holds about cap_bytes."""
    buckets, size = [], 0
    for p in params:
        if not buckets or size + p._data.nbytes > cap_bytes or p.dtype != buckets[-1][0].dtype:
            buckets.append([])
            size = 0
        buckets[-1].append(p)
        size += p._data.nbytes
    return buckets


def _average_gradients(params):
    grads = [p.grad._data for p in params]
    flat = _flatten(grads)
    dist.all_reduce(flat)
    flat._data /= dist.get_world_size()
    _unflatten(flat, grads)


def _broadcast_coalesced(tensors):
    """Rank 0's values of `tensors`, with one broadcast per dtype."""
    by_dtype = {}
    for t in tensors:
        by_dtype.setdefault(t.dtype, []).append(t._data)
    for arrays in by_dtype.values():
        flat = _flatten(arrays)
        dist.broadcast(flat, src=0)
        _unflatten(flat, arrays)


def _flatten(arrays):
    """One new flat tensor holding all the arrays' values, one after the other."""
    return Tensor._make(get_array_module(*arrays).concatenate([a.ravel() for a in arrays]))


def _unflatten(flat, arrays):
    """Copy the values of a _flatten-ed tensor back into the arrays, in place."""
    start = 0
    for a in arrays:
        a[...] = flat._data[start:start + a.size].reshape(a.shape)
        start += a.size
