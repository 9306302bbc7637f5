"""How a DataLoader puts samples together into a batch, as torch.utils.data._utils.collate."""
import collections.abc
import numbers

import numpy

from ...tensor import Tensor


def default_collate(batch):
    """Stack a list of samples into a batch, as torch's default_collate does, with minigrad tensors:

        tensors, numpy arrays, torch tensors, PIL images  ->  one tensor with a new first dim
        Python floats -> float64, ints -> int64, bools -> bool; numpy scalars keep their dtype
        str, bytes                                        ->  the batch unchanged (a field of tuples: a tuple)
        dicts, tuples, lists, namedtuples                 ->  the same structure, each field collated
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        from ...functions.shape import stack
        return stack(batch)
    if _is_array_like(elem):
        arrays = [_to_numpy(b) for b in batch]
        if arrays[0].dtype.kind in 'OSUV':
            raise TypeError(_ERROR.format(arrays[0].dtype))
        return Tensor._make(numpy.stack(arrays))
    if isinstance(elem, (bool, numpy.bool_, numpy.number)):
        return Tensor._make(numpy.asarray(batch))
    if isinstance(elem, numbers.Integral):
        return Tensor._make(numpy.asarray(batch, dtype=numpy.int64))
    if isinstance(elem, float):
        return Tensor._make(numpy.asarray(batch, dtype=numpy.float64))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return type(elem)({key: default_collate([d[key] for d in batch]) for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, '_fields'):   # a namedtuple
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError('each element in list of batch should be of equal size')
        return [default_collate(samples) for samples in zip(*batch)]   # strings stay as the tuple, as in torch
    raise TypeError(_ERROR.format(type(elem)))


def default_convert(sample):
    """What DataLoader(batch_size=None) does to each sample, as torch's default_convert: numpy arrays (and torch
    tensors) become tensors, in the same structure (a tuple becomes a list); numbers and strings stay as they are."""
    if isinstance(sample, Tensor) or isinstance(sample, (str, bytes)):
        return sample
    if _is_array_like(sample) and _to_numpy(sample).dtype.kind not in 'OSUV':
        return Tensor._make(_to_numpy(sample))
    if isinstance(sample, collections.abc.Mapping):
        return type(sample)({key: default_convert(value) for key, value in sample.items()})
    if isinstance(sample, tuple) and hasattr(sample, '_fields'):   # a namedtuple
        return type(sample)(*(default_convert(field) for field in sample))
    if isinstance(sample, collections.abc.Sequence):
        return [default_convert(field) for field in sample]
    return sample


_ERROR = 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}'


def _is_torch_tensor(x):
    return type(x).__module__.startswith('torch') and hasattr(x, 'detach')


def _is_array_like(x):
    """numpy arrays, torch tensors and objects numpy can read as an array, such as PIL images."""
    return isinstance(x, numpy.ndarray) or _is_torch_tensor(x) or hasattr(x, '__array_interface__')


def _to_numpy(x):
    return x.detach().cpu().numpy() if _is_torch_tensor(x) else numpy.asarray(x)
