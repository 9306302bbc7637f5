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
from ..backend import get_array_module
from ..tensor import Tensor
from .module import Module


class DistributedDataParallel(Module):
    def __init__(self, module, broadcast_buffers=True, bucket_cap_mb=25):
        super().__init__()
        self.module, self.broadcast_buffers = module, broadcast_buffers
        _broadcast_coalesced(list(module.parameters()) + list(module.buffers()))
        params = [p for p in module.parameters() if p.requires_grad]
        self._buckets = _make_buckets(params[::-1], bucket_cap_mb * 2 ** 20)
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
