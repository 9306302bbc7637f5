"""minigrad.save / minigrad.load: checkpoints as .npz; whole models (anything else) pickled, as PyTorch does.

What the manifest below can express (tensors, arrays, numbers, strings, None, and dicts, lists and tuples of them:
a state_dict, an optimizer's state_dict, a training checkpoint) is saved as .npz. Anything else, such as a whole
nn.Module or optimizer (PyTorch's `torch.save(model, 'model.pth')`), is pickled: the file is a pickle whose tensors
are numpy arrays with their dtype, device, requires_grad and class (Tensor or Parameter; see Tensor.__reduce_ex__).
Loading a pickle needs `weights_only=False`; the default, weights_only=True as in PyTorch 2.6+, refuses it with
PyTorch's UnpicklingError, because unpickling runs code named in the file: load pickles only from a source you trust.

An .npz checkpoint is a numpy .npz archive (a zip of .npy files): one array per tensor, named '0', '1', ..., plus
'__minigrad__', a uint8 array holding a JSON manifest of the saved object's structure. Loading reads it with
`allow_pickle=False`, so a file cannot run code: anything else gives "... is not a minigrad checkpoint".

The manifest writes each value as plain JSON (numbers, strings, booleans, null) or a tagged object:
    {"tensor": "3", "device": "cpu"}        the tensor in array '3' ("requires_grad": true when it does)
    {"ndarray": "4"}                          a numpy array
    {"list": [...]}, {"tuple": [...]}         sequences
    {"dict": [[key, value], ...]}             dicts, whose keys may be ints (an optimizer's state) or strings

The loader's limits, so that a file cannot exhaust memory or the stack: the manifest nests at most MAX_DEPTH
levels, and an archive member may not inflate to more than MAX_INFLATION times its compressed size (numpy writes
them uncompressed; a deflated member that inflates 1000-fold is a zip bomb).
"""
import functools
import json
import os
import pickle
import uuid
import zipfile
import zlib

import numpy

from . import backend, cuda, dtypes
from .tensor import Tensor, _rebuild_tensor

MANIFEST = '__minigrad__'
FORMAT = 'minigrad-checkpoint'
VERSION = 1
MAX_DEPTH = 100             # levels of nested dicts, lists and tuples (a state_dict of an optimizer has 4)
MAX_INFLATION = 100         # inflated / compressed size of a deflated member over 1 MiB
PICKLE_PROTOCOL = 2         # PyTorch's default; every pickle of protocol 2 and later starts with byte 0x80
WEIGHTS_ONLY_REFUSAL = (
    'Weights only load failed. This file can still be loaded, to do so you have two options, \x1b[1mdo those '
    'steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In PyTorch 2.6, we changed the default '
    'value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `minigrad.load` with '
    '`weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only '
    'if you got the file from a trusted source.\n\t(2) Alternatively, save the weights instead: '
    'minigrad.save(model.state_dict(), path) writes an .npz checkpoint that weights_only=True loads.\n\t'
    'WeightsUnpickler error: {name} holds pickled Python objects (a whole model or optimizer?), which '
    'weights_only=True does not unpickle.')


class _NotInManifest(TypeError):
    """An object the .npz manifest cannot express: save pickles the whole object instead."""


def save(obj, f):
    """Save `obj` to `f`, a path or a file opened for binary writing: as an .npz checkpoint when it is made of
    tensors, numpy arrays, numbers, strings, None, and dicts/lists/tuples of them; pickled otherwise (a whole
    nn.Module or optimizer, any picklable object), as torch.save does. An object pickle cannot write (a lambda)
    raises pickle's error before `f` is touched.

    A path is written atomically: to a temporary file in the same folder, flushed to disk, then renamed over
    `f`; if anything fails, an existing `f` is left as it was and the temporary file is removed.
    """
    arrays = {}
    try:
        manifest = {'format': FORMAT, 'version': VERSION, 'root': _encode(obj, arrays)}
    except _NotInManifest:
        pickled = pickle.dumps(obj, protocol=PICKLE_PROTOCOL)
        write = lambda out: out.write(pickled)   # noqa: E731
    else:
        arrays[MANIFEST] = numpy.frombuffer(json.dumps(manifest).encode(), dtype=numpy.uint8)
        write = lambda out: numpy.savez(out, **arrays)   # noqa: E731
    if not isinstance(f, (str, os.PathLike)):
        write(f)
        return
    path = os.path.abspath(os.fspath(f))
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f'.{os.path.basename(path)}.{uuid.uuid4().hex[:8]}.tmp')
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_BINARY', 0), 0o666)
    try:
        with os.fdopen(fd, 'wb') as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    if hasattr(os, 'O_DIRECTORY'):   # make the rename itself durable (POSIX)
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load what `save` wrote to `f` (a path or a file opened for binary reading).

    Tensors go back to the device they were saved from, unless `map_location` says otherwise: one device
    ('cpu', 'cuda:0') for all of them, or a dict such as {'cuda:0': 'cpu'}. A tensor saved on a GPU this machine
    does not have fails with PyTorch's error, which says to pass map_location.

    A pickled file (a whole model) loads only with weights_only=False, which runs code named in the file: do it
    only for files you trust. weights_only=None or True (the default, as in PyTorch 2.6+) refuses it with
    PyTorch's pickle.UnpicklingError; an .npz checkpoint is read without pickle whatever `weights_only` says.
    `pickle_load_args` (such as encoding) go to the unpickler; `pickle_module`'s Unpickler unpickles. With
    mmap=True `f` must be a path (PyTorch's rule); the arrays are read into memory, since numpy cannot map the
    members of an .npz archive.
    """
    if mmap and not isinstance(f, (str, os.PathLike)):
        raise ValueError('f must be a file path in order to use the mmap argument')
    if weights_only and pickle_module is not None:
        raise RuntimeError('Can not safely load weights when explicit pickle_module is specified')
    if map_location is not None and not isinstance(map_location, dict):
        map_location = str(backend.device(map_location))
    unpickle = None
    if weights_only is False:
        unpickle = functools.partial(_unpickle, unpickler=(pickle_module or pickle).Unpickler, args=pickle_load_args)
    if isinstance(f, (str, os.PathLike)):
        with open(f, 'rb') as file:   # a missing file is a FileNotFoundError, as usual
            return _load(file, os.fspath(f), map_location, unpickle)
    return _load(f, getattr(f, 'name', 'the file'), map_location, unpickle)


def _load(file, name, map_location, unpickle):
    start = file.tell()
    pickled = file.read(1) == b'\x80'
    file.seek(start)
    if pickled:
        if unpickle is None:
            raise pickle.UnpicklingError(WEIGHTS_ONLY_REFUSAL.format(name=name))
        return unpickle(file, map_location)
    try:
        archive = numpy.load(file, allow_pickle=False)
        if not isinstance(archive, numpy.lib.npyio.NpzFile):
            raise ValueError('it is a single .npy array, not an .npz archive')
        with archive:
            _check_inflation(archive.zip)
            if MANIFEST not in archive.files:
                raise ValueError('the archive has no minigrad manifest (a file from torch.save? load it with '
                                 'torch.load and convert its tensors with minigrad.utils.interop.from_torch)')
            manifest = json.loads(archive[MANIFEST].tobytes().decode())
            if not isinstance(manifest, dict) or (manifest.get('format'), manifest.get('version')) != (FORMAT,
                                                                                                     VERSION):
                raise ValueError('unknown manifest format')
            return _decode(manifest['root'], archive, map_location)
    except RecursionError:      # json's own parser, on a manifest nested thousands of levels deep
        raise RuntimeError(f'{name} is not a minigrad checkpoint, or it is damaged: its manifest nests deeper than '
                           f'{MAX_DEPTH} levels') from None
    except (ValueError, TypeError, KeyError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as e:
        raise RuntimeError(f'{name} is not a minigrad checkpoint, or it is damaged: {_reason(e)}') from None


def _check_inflation(archive):
    """Refuse a member that would inflate far beyond its compressed size, before reading it (a zip bomb)."""
    for info in archive.infolist():
        if info.file_size > max(MAX_INFLATION * info.compress_size, 2 ** 20):
            raise ValueError(f'member {info.filename!r} would inflate from {info.compress_size} to '
                             f'{info.file_size} bytes (more than {MAX_INFLATION} times: refused)')


def _unpickle(file, map_location, unpickler, args):
    """Unpickle a whole saved object (weights_only=False), its tensors going where `map_location` says."""
    to = functools.partial(_rebuild_tensor, map_location=lambda saved: _device(saved, map_location))

    class Unpickler(unpickler):
        def find_class(self, module, name):
            if (module, name) == (_rebuild_tensor.__module__, _rebuild_tensor.__name__):
                return to
            return super().find_class(module, name)

    return Unpickler(file, **args).load()


def _reason(error):
    """Why numpy could not read the file (numpy calls every file that is not .npy/.npz 'pickled'; a pickle of
    protocol 2 or later, starting with byte 0x80, does not get here)."""
    return 'it is neither an .npz archive, a .npy array nor a pickle' if 'pickle' in str(error) else error


def _encode(obj, arrays, depth=0):
    """The manifest entry for `obj`; its tensors and arrays are added to `arrays`."""
    if depth > MAX_DEPTH:
        raise ValueError(f'minigrad.save: the object nests deeper than {MAX_DEPTH} levels of dicts, lists and tuples')
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, numpy.generic):          # a numpy scalar: the Python number
        return obj.item()
    if isinstance(obj, Tensor):
        entry = {'tensor': _add(arrays, backend.as_numpy(obj._data)), 'device': str(obj.device)}
        if obj.requires_grad:
            entry['requires_grad'] = True
        return entry
    if isinstance(obj, numpy.ndarray):
        if obj.dtype.kind == 'O':
            raise _NotInManifest('a numpy array of Python objects')
        return {'ndarray': _add(arrays, obj)}
    if isinstance(obj, (list, tuple)):
        return {'tuple' if isinstance(obj, tuple) else 'list': [_encode(x, arrays, depth + 1) for x in obj]}
    if isinstance(obj, dict):
        return {'dict': [[_encode(k, arrays, depth + 1), _encode(v, arrays, depth + 1)] for k, v in obj.items()]}
    raise _NotInManifest(type(obj).__name__)


def _add(arrays, array):
    key = str(len(arrays))
    arrays[key] = array
    return key


def _decode(entry, archive, map_location, depth=0):
    """The object a manifest entry describes (ValueError for anything `_encode` does not write)."""
    if depth > MAX_DEPTH:
        raise ValueError(f'its manifest nests deeper than {MAX_DEPTH} levels')
    if entry is None or isinstance(entry, (bool, int, float, str)):
        return entry
    if not isinstance(entry, dict) or len(entry.keys() & {'tensor', 'ndarray', 'list', 'tuple', 'dict'}) != 1:
        raise ValueError(f'bad manifest entry {str(entry)[:80]}')
    if 'tensor' in entry or 'ndarray' in entry:
        key = entry.get('tensor', entry.get('ndarray'))
        if key not in archive.files or key == MANIFEST:
            raise ValueError(f'the manifest names an array {key!r} the archive does not hold')
        array = archive[key]
        if 'ndarray' in entry:
            return array
        dtypes.from_numpy_dtype(array.dtype)   # a TypeError for dtypes minigrad does not have
        t = Tensor._make(backend.to_device(array, _device(str(entry.get('device', 'cpu')), map_location)))
        if entry.get('requires_grad'):
            t.requires_grad = True
        return t
    if 'dict' in entry:
        return {_decode(k, archive, map_location, depth + 1): _decode(v, archive, map_location, depth + 1)
                for k, v in entry['dict']}
    items = [_decode(x, archive, map_location, depth + 1) for x in entry.get('list', entry.get('tuple'))]
    return items if 'list' in entry else tuple(items)


def _device(saved, map_location):
    """Where a tensor saved on device `saved` goes: map_location's choice, else `saved` if this machine has it."""
    if isinstance(map_location, dict):
        where = map_location.get(saved, saved)
    else:
        where = saved if map_location is None else map_location
    where = backend.device(where)
    if where.type == 'cuda':
        count = cuda.device_count()
        if count == 0:
            raise RuntimeError('Attempting to deserialize object on a CUDA device but minigrad.cuda.is_available() '
                               'is False. If you are running on a CPU-only machine, please use minigrad.load with '
                               "map_location=minigrad.device('cpu') to map your storages to the CPU.")
        if (where.index or 0) >= count:
            raise RuntimeError(f'Attempting to deserialize object on CUDA device {where.index} but '
                               f'minigrad.cuda.device_count() is {count}. Please use minigrad.load with '
                               'map_location to map your storages to an existing device.')
    return where
