"""minigrad.save / minigrad.load (an .npz with a JSON manifest; a pickle for whole models) and minigrad.utils.interop."""
import io
import json
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch

import minigrad
from helpers import Payload
from minigrad import optim, serialization
from minigrad.tensor import _rebuild_tensor
from minigrad.utils import interop


def nested_state():
    rng = np.random.default_rng(0)
    return {
        'weight': minigrad.tensor(rng.standard_normal((3, 4)).astype(np.float32)),
        'double': minigrad.tensor(rng.standard_normal(5)),
        'steps': minigrad.arange(4),
        'mask': minigrad.tensor([True, False, True]),
        'pixels': minigrad.tensor(np.arange(6, dtype=np.uint8).reshape(2, 3)),
        'scalar': minigrad.tensor(2.5),
        'leaf': minigrad.ones(2, requires_grad=True),
        'array': np.arange(3, dtype=np.int16),
        'meta': {0: {'step': 3, 'lr': 0.01, 'name': 'adam', 'none': None, 'flag': True, 'inf': float('inf')},
                 1: [1, 2.0, ('a', (None,))], (1, 'x'): 'tuple key', 'big': 2 ** 70},
        'empty': {}, 'empty_list': [], 'text': 'héllo',
    }


def assert_same(got, want):
    assert type(got) is type(want), f'{type(got)} != {type(want)}'
    if isinstance(want, minigrad.Tensor):
        assert got.dtype == want.dtype and got.shape == want.shape and got.requires_grad == want.requires_grad
        np.testing.assert_array_equal(got.detach().numpy(), want.detach().numpy())
    elif isinstance(want, np.ndarray):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    elif isinstance(want, dict):
        assert list(got) == list(want)
        for key in want:
            assert_same(got[key], want[key])
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_same(g, w)
    else:
        assert got == want


@pytest.mark.parametrize('kind', ['str', 'pathlike', 'file'])
def test_round_trip(tmp_path, kind):
    state = nested_state()
    path = tmp_path / 'ckpt.pt'
    if kind == 'file':
        buffer = io.BytesIO()
        minigrad.save(state, buffer)
        buffer.seek(0)
        loaded = minigrad.load(buffer)
    else:
        target = str(path) if kind == 'str' else path
        minigrad.save(state, target)
        loaded = minigrad.load(target)
        assert os.listdir(tmp_path) == ['ckpt.pt']
    assert_same(loaded, state)
    loaded['weight'].add_(1)   # loaded tensors are writable, as training needs
    np.testing.assert_array_equal(loaded['weight'].numpy(), state['weight'].numpy() + 1)


def test_map_location(tmp_path):
    minigrad.save({'w': minigrad.ones(2)}, tmp_path / 'a.pt')
    for where in ('cpu', minigrad.device('cpu'), {'cpu': 'cpu'}):
        assert minigrad.load(tmp_path / 'a.pt', map_location=where)['w'].device == minigrad.device('cpu')
    if not minigrad.cuda.is_available():
        for where in ('cuda', 'cuda:1', {'cpu': 'cuda:0'}):
            with pytest.raises(RuntimeError) as info:
                minigrad.load(tmp_path / 'a.pt', map_location=where)
            assert str(info.value) == torch_device_error('cuda:0')


def torch_device_error(location):
    """PyTorch's words when a checkpoint's tensor is for a device this machine lacks, said of minigrad."""
    try:
        torch.serialization._validate_device(location, 'cuda')
    except RuntimeError as e:
        return str(e).replace('torch', 'minigrad')
    pytest.skip(f'this machine has {location}')


def with_device(path, device):
    """The checkpoint at `path` rewritten as if its tensor 'w' had been saved on `device`."""
    with np.load(path) as archive:
        arrays = dict(archive)
    text = arrays[serialization.MANIFEST].tobytes().decode().replace('"device": "cpu"', f'"device": "{device}"')
    arrays[serialization.MANIFEST] = np.frombuffer(text.encode(), dtype=np.uint8)
    np.savez(path, **arrays)


@pytest.mark.parametrize('device', ['cuda:0', 'cuda:7'])
def test_tensor_saved_on_a_missing_gpu(tmp_path, device):
    """Loads onto the CPU with map_location; without it, PyTorch's error saying to pass one."""
    path = tmp_path / 'gpu.npz'
    minigrad.save({'w': minigrad.arange(3.0)}, path)
    with_device(path, device)
    with pytest.raises(RuntimeError) as info:
        minigrad.load(path)
    assert str(info.value) == torch_device_error(device)
    for where in ('cpu', {device: 'cpu'}, minigrad.device('cpu')):
        w = minigrad.load(path, map_location=where)['w']
        assert w.device == minigrad.device('cpu') and w.tolist() == [0.0, 1.0, 2.0]


def test_load_takes_torchs_keyword_arguments(tmp_path):
    """weights_only (torch 2.6+ code passes it everywhere), mmap, pickle_module: as torch.load takes them."""
    for lib in (torch, minigrad):
        lib.save({'w': lib.ones(2)}, tmp_path / f'{lib.__name__}.pt')
    for kwargs in (dict(weights_only=True), dict(weights_only=False), dict(weights_only=True, map_location='cpu'),
                   dict(mmap=True, weights_only=True), dict(mmap=False)):
        want = torch.load(tmp_path / 'torch.pt', **kwargs)['w'].tolist()
        assert minigrad.load(tmp_path / 'minigrad.pt', **kwargs)['w'].tolist() == want, kwargs
    from test_bad_input import raises_like_torch
    raises_like_torch(lambda lib: lib.load(io.BytesIO((tmp_path / f'{lib.__name__}.pt').read_bytes()), mmap=True))
    raises_like_torch(lambda lib: lib.load(tmp_path / f'{lib.__name__}.pt', pickle_module=pickle, weights_only=True))


def test_optimizer_state_dict_resumes_after_save_and_load(tmp_path):
    rng = np.random.default_rng(0)
    start = rng.standard_normal((3, 2))
    grads = rng.standard_normal((10, 3, 2))

    def train(p, opt, steps):
        for g in steps:
            p.grad = minigrad.tensor(g)
            opt.step()

    p = minigrad.tensor(start, requires_grad=True)
    opt = optim.Adam([p], lr=0.1, amsgrad=True)
    train(p, opt, grads[:5])
    minigrad.save({'param': p.detach(), 'optim': opt.state_dict()}, tmp_path / 'ckpt.pt')
    train(p, opt, grads[5:])

    ckpt = minigrad.load(tmp_path / 'ckpt.pt')
    p2 = minigrad.tensor(ckpt['param'].numpy(), requires_grad=True)
    opt2 = optim.Adam([p2], lr=0.5)
    opt2.load_state_dict(ckpt['optim'])
    assert opt2.param_groups[0]['lr'] == 0.1 and list(ckpt['optim']['state']) == [0]
    train(p2, opt2, grads[5:])
    np.testing.assert_array_equal(p2.detach().numpy(), p.detach().numpy())


@pytest.mark.parametrize('make_optimizer', [lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
                                            lambda p: optim.Adam(p, lr=0.01)], ids=['sgd_momentum', 'adam'])
def test_model_and_optimizer_checkpoint_resumes_bitwise(tmp_path, make_optimizer):
    """Train 6 steps; or train 3, save model and optimizer, load both into fresh objects, train 3 more: the
    parameters are bitwise equal."""
    rng = np.random.default_rng(0)
    batches = [(minigrad.tensor(rng.standard_normal((8, 6)).astype(np.float32)), minigrad.tensor(rng.integers(0, 3, 8)))
               for _ in range(6)]

    def fresh():
        minigrad.manual_seed(0)
        model = minigrad.nn.Sequential(minigrad.nn.Linear(6, 16), minigrad.nn.ReLU(), minigrad.nn.Linear(16, 3))
        return model, make_optimizer(model.parameters())

    def train(model, opt, steps):
        for x, y in steps:
            opt.zero_grad()
            minigrad.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()

    model, opt = fresh()
    train(model, opt, batches)
    resumed, opt2 = fresh()
    train(resumed, opt2, batches[:3])
    minigrad.save({'model': resumed.state_dict(), 'optimizer': opt2.state_dict()}, tmp_path / 'ckpt.pt')
    del resumed, opt2
    resumed, opt2 = fresh()
    ckpt = minigrad.load(tmp_path / 'ckpt.pt')
    resumed.load_state_dict(ckpt['model'])
    opt2.load_state_dict(ckpt['optimizer'])
    train(resumed, opt2, batches[3:])
    for (name, want), got in zip(model.state_dict().items(), resumed.state_dict().values()):
        np.testing.assert_array_equal(got.numpy(), want.numpy(), err_msg=name)


def test_what_pickle_cannot_write_raises_as_in_torch_and_writes_nothing(tmp_path):
    from test_bad_input import raises_like_torch
    raises_like_torch(lambda lib: lib.save({'f': lambda: 0}, tmp_path / f'{lib.__name__}.pt'))
    assert not (tmp_path / 'minigrad.pt').exists()   # (torch leaves an empty file)


def test_other_objects_are_pickled_and_load_with_weights_only_false(tmp_path):
    for obj in ({'s': {1, 2}}, [np.array([1, 'a'], dtype=object)], optim.SGD):
        minigrad.save(obj, tmp_path / 'x.pt')
        assert (tmp_path / 'x.pt').read_bytes()[:1] == b'\x80'
        got = minigrad.load(tmp_path / 'x.pt', weights_only=False)
        assert got is obj if obj is optim.SGD else str(got) == str(obj)


def test_state_dict_still_goes_to_npz(tmp_path):
    minigrad.save(minigrad.nn.Linear(2, 3).state_dict(), tmp_path / 'w.pt')
    with np.load(tmp_path / 'w.pt') as archive:
        assert serialization.MANIFEST in archive.files


def whole_model():
    minigrad.manual_seed(0)
    model = minigrad.nn.Sequential(minigrad.nn.Conv2d(1, 2, 3), minigrad.nn.BatchNorm2d(2), minigrad.nn.ReLU(),
                                   minigrad.nn.Flatten(), minigrad.nn.Linear(8, 3))
    model(minigrad.randn(4, 1, 4, 4))   # moves BatchNorm's running statistics
    return model.eval()


@pytest.mark.parametrize('kind', ['path', 'file'])
def test_whole_model_round_trip_gives_the_same_outputs(tmp_path, kind):
    """torch.save(model, 'model.pth'); torch.load('model.pth', weights_only=False): the tutorial's lines."""
    model = whole_model()
    x = minigrad.randn(2, 1, 4, 4)
    if kind == 'path':
        minigrad.save(model, tmp_path / 'model.pth')
        loaded = minigrad.load(tmp_path / 'model.pth', weights_only=False)
    else:
        buffer = io.BytesIO()
        minigrad.save(model, buffer)
        buffer.seek(0)
        loaded = minigrad.load(buffer, weights_only=False, map_location='cpu')
    assert type(loaded) is type(model) and repr(loaded) == repr(model) and not loaded.training
    assert list(loaded.state_dict()) == list(model.state_dict())
    for (name, want), got in zip(model.named_parameters(), loaded.parameters()):
        assert type(got) is minigrad.nn.Parameter and got.requires_grad and got is not want, name
    assert_same(loaded.state_dict(), model.state_dict())
    np.testing.assert_array_equal(loaded(x).detach().numpy(), model(x).detach().numpy())


def test_whole_optimizer_round_trip_keeps_its_parameters_shared(tmp_path):
    model = whole_model()
    opt = optim.Adam(model.parameters(), lr=0.1)
    model(minigrad.randn(2, 1, 4, 4)).sum().backward()
    opt.step()
    minigrad.save({'model': model, 'optimizer': opt}, tmp_path / 'all.pth')
    got = minigrad.load(tmp_path / 'all.pth', weights_only=False)
    assert got['optimizer'].param_groups[0]['params'][0] is got['model'][0].weight
    assert_same(got['optimizer'].state_dict(), opt.state_dict())


@pytest.mark.parametrize('weights_only', [None, True])
def test_weights_only_load_of_a_whole_model_is_refused_as_in_torch(tmp_path, weights_only):
    kwargs = {} if weights_only is None else {'weights_only': weights_only}
    errors = []
    for lib in (torch, minigrad):
        lib.save(lib.nn.Linear(2, 3), tmp_path / 'model.pth')
        with pytest.raises(Exception) as info:
            lib.load(tmp_path / 'model.pth', **kwargs)
        errors.append(info)
    assert errors[1].type is errors[0].type is pickle.UnpicklingError
    assert str(errors[1].value).splitlines()[0] == str(errors[0].value).splitlines()[0]


def test_pickling_tensors_keeps_data_dtype_requires_grad_and_class():
    """A non-leaf that requires grad comes back as a leaf that requires grad, as in PyTorch."""
    for lib in (torch, minigrad):
        tensors = [lib.arange(6).reshape(2, 3), lib.tensor([1.5, 2.0], dtype=lib.float64),
                   lib.ones(2, requires_grad=True) * 2, lib.nn.Parameter(lib.zeros(3)),
                   lib.nn.Parameter(lib.ones(1), requires_grad=False)]
        got = pickle.loads(pickle.dumps(tensors))
        for g, want in zip(got, tensors):
            assert type(g).__name__ == type(want).__name__ and g.dtype == want.dtype and g.tolist() == want.tolist()
            assert g.requires_grad == want.requires_grad and g.is_leaf and g.grad_fn is None
        if lib is torch:
            expected = [(type(g).__name__, g.requires_grad, g.is_leaf) for g in got]
    assert [(type(g).__name__, g.requires_grad, g.is_leaf) for g in got] == expected


class SavedOn:
    """Pickles as a tensor saved on `device` (minigrad.load must map it as it maps an .npz tensor)."""
    def __init__(self, device):
        self.device = device

    def __reduce__(self):
        return _rebuild_tensor, (minigrad.Tensor, np.arange(3.0), self.device, False)


@pytest.mark.parametrize('device', ['cuda:0', 'cuda:7'])
def test_pickled_tensor_saved_on_a_missing_gpu(tmp_path, device):
    path = tmp_path / 'gpu.pth'
    path.write_bytes(pickle.dumps({'w': SavedOn(device)}, protocol=2))
    with pytest.raises(RuntimeError) as info:
        minigrad.load(path, weights_only=False)
    assert str(info.value) == torch_device_error(device)
    for where in ('cpu', {device: 'cpu'}, minigrad.device('cpu')):
        w = minigrad.load(path, map_location=where, weights_only=False)['w']
        assert w.device == minigrad.device('cpu') and w.tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize('depth', [serialization.MAX_DEPTH + 5, 100_000])
def test_deeply_nested_manifest_is_a_clear_error(tmp_path, depth):
    """Just past the limit (the loader's own check) and far past it (json's parser would overflow the stack)."""
    path = tmp_path / 'deep.pt'
    text = json.dumps({'format': serialization.FORMAT, 'version': serialization.VERSION, 'root': None})
    text = text.replace('null', '{"list": [' * depth + '{"tensor": "0"}' + ']}' * depth)
    with open(path, 'wb') as f:
        np.savez(f, **{'0': np.ones(1), serialization.MANIFEST: np.frombuffer(text.encode(), dtype=np.uint8)})
    with pytest.raises(RuntimeError, match=f'deep.pt is not a minigrad checkpoint.*nests deeper than '
                                           f'{serialization.MAX_DEPTH} levels'):
        minigrad.load(path)


def test_nesting_up_to_the_limit_saves_and_loads_and_beyond_it_is_refused(tmp_path):
    deep = minigrad.ones(1)
    for _ in range(serialization.MAX_DEPTH):
        deep = [deep]
    minigrad.save(deep, tmp_path / 'ok.pt')
    got = minigrad.load(tmp_path / 'ok.pt')
    for _ in range(serialization.MAX_DEPTH):
        got = got[0]
    assert got.tolist() == [1.0]
    with pytest.raises(ValueError, match='minigrad.save: the object nests deeper than'):
        minigrad.save([deep], tmp_path / 'deep.pt')
    assert os.listdir(tmp_path) == ['ok.pt']


def test_zip_bomb_is_refused_before_it_inflates(tmp_path):
    """A deflated member of 64 MiB of zeros (a 64 KiB file) is refused before anything is inflated."""
    import tracemalloc
    import zipfile
    path = tmp_path / 'bomb.pt'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(serialization.MANIFEST + '.npy', _npy(manifest({'tensor': '0', 'device': 'cpu'})))
        with archive.open('0.npy', 'w', force_zip64=True) as member:
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(header, {'descr': '<f8', 'fortran_order': False,
                                                          'shape': (2 ** 23,)})
            member.write(header.getvalue())
            chunk = bytes(2 ** 20)
            for _ in range(64):
                member.write(chunk)
    assert path.stat().st_size < 2 ** 20
    tracemalloc.start()
    with pytest.raises(RuntimeError, match="bomb.pt is not a minigrad checkpoint.*member '0.npy' would inflate"):
        minigrad.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 ** 22, f'{peak / 2 ** 20:.0f} MiB allocated while refusing'


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


# -- files that are not checkpoints: a clear error, and nothing runs -------------------------------------------

def manifest(root):
    text = json.dumps({'format': serialization.FORMAT, 'version': serialization.VERSION, 'root': root})
    return np.frombuffer(text.encode(), dtype=np.uint8)


def bad_files(tmp_path, marker):
    """name -> bytes of a file that load must refuse."""
    good = io.BytesIO()
    minigrad.save(nested_state(), good)
    good = good.getvalue()
    files = {'text': b'hello, not a checkpoint\n', 'empty': b'',
             'pickle': pickle.dumps(Payload(marker)),
             'truncated': good[:len(good) // 2], 'truncated_tail': good[:-10]}
    corrupt = bytearray(good)
    start = good.index(b'NUMPY', 200) + 130      # inside an array's data, past its header
    corrupt[start:start + 8] = b'\xff' * 8
    files['corrupt'] = bytes(corrupt)
    buffer = io.BytesIO()
    torch.save({'w': torch.ones(2)}, buffer)
    files['torch_save'] = buffer.getvalue()
    buffer = io.BytesIO()
    np.save(buffer, np.ones(3))
    files['npy'] = buffer.getvalue()
    buffer = io.BytesIO()                        # a valid manifest naming an array that holds a pickle payload
    np.savez(buffer, **{'0': np.array([Payload(marker)], dtype=object),
                        serialization.MANIFEST: manifest({'tensor': '0', 'device': 'cpu'})})
    files['object_array'] = buffer.getvalue()
    buffer = io.BytesIO()
    np.savez(buffer, **{serialization.MANIFEST: manifest({'tensor': '7'})})
    files['missing_array'] = buffer.getvalue()
    buffer = io.BytesIO()
    np.savez(buffer, **{serialization.MANIFEST: manifest({'eval': 'os.system'})})
    files['bad_entry'] = buffer.getvalue()
    buffer = io.BytesIO()
    np.savez(buffer, **{serialization.MANIFEST: np.frombuffer(b'{"format": 1', dtype=np.uint8)})
    files['bad_json'] = buffer.getvalue()
    return files


@pytest.mark.parametrize('name', ['text', 'empty', 'truncated', 'truncated_tail', 'corrupt', 'torch_save',
                                  'npy', 'object_array', 'missing_array', 'bad_entry', 'bad_json'])
def test_not_a_checkpoint(tmp_path, name):
    marker = tmp_path / 'pwned'
    path = tmp_path / f'{name}.pt'
    path.write_bytes(bad_files(tmp_path, marker)[name])
    with pytest.raises(RuntimeError, match=f'{name}.pt is not a minigrad checkpoint'):
        minigrad.load(path)
    with pytest.raises(RuntimeError, match='is not a minigrad checkpoint'):
        minigrad.load(io.BytesIO(path.read_bytes()))
    assert not marker.exists()


def test_a_pickle_runs_nothing_unless_weights_only_is_false(tmp_path):
    """As torch.load: weights_only=False unpickles, and so runs what the file names (trusted files only)."""
    marker = tmp_path / 'pwned'
    path = tmp_path / 'f.pt'
    path.write_bytes(bad_files(tmp_path, marker)['pickle'])
    for kwargs in ({}, {'weights_only': True}):
        with pytest.raises(pickle.UnpicklingError, match='Weights only load failed'):
            minigrad.load(path, **kwargs)
    assert not marker.exists()
    minigrad.load(path, weights_only=False)
    assert marker.exists()


def test_text_is_not_called_pickled(tmp_path):
    path = tmp_path / 'f.pt'
    path.write_bytes(b'hello, not a checkpoint\n')
    with pytest.raises(RuntimeError, match='neither an .npz archive, a .npy array nor a pickle'):
        minigrad.load(path)


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        minigrad.load(tmp_path / 'nope.pt')


# -- atomic save ------------------------------------------------------------------------------------------------

def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / 'ckpt.pt'
    minigrad.save({'w': minigrad.ones(3)}, path)
    old = path.read_bytes()

    def failing_savez(file, **arrays):   # writes part of an archive, then fails, as a full disk would
        file.write(b'PK\x03\x04 partial')
        raise OSError('No space left on device')
    monkeypatch.setattr(serialization.numpy, 'savez', failing_savez)
    with pytest.raises(OSError, match='No space left'):
        minigrad.save({'w': minigrad.zeros(3)}, path)
    assert path.read_bytes() == old and os.listdir(tmp_path) == ['ckpt.pt']
    monkeypatch.undo()
    with pytest.raises((pickle.PicklingError, AttributeError)):   # pickle refuses a local lambda
        minigrad.save({'w': minigrad.zeros(3), 'bad': lambda: 0}, path)
    assert path.read_bytes() == old and os.listdir(tmp_path) == ['ckpt.pt']
    assert minigrad.load(path)['w'].tolist() == [1.0, 1.0, 1.0]


def test_killed_mid_save_keeps_the_old_file(tmp_path):
    path = tmp_path / 'ckpt.pt'
    minigrad.save({'w': minigrad.ones(3)}, path)
    old = path.read_bytes()
    child = ('import os, signal, sys, minigrad\n'
             'os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)   # die with the new file half done\n'
             'minigrad.save({"w": minigrad.zeros(100000)}, sys.argv[1])\n')
    result = subprocess.run([sys.executable, '-c', child, str(path)], timeout=60)
    assert result.returncode == -9
    assert path.read_bytes() == old
    assert minigrad.load(path)['w'].tolist() == [1.0, 1.0, 1.0]


STALLING_SAVE = """
import os, sys, minigrad
HALF, fdopen = int(sys.argv[2]) // 2, os.fdopen


class Stalls:
    # the temporary file save writes to; past half the checkpoint it says so and waits to be killed
    def __init__(self, f):
        self.f, self.written = f, 0

    def __getattr__(self, name):
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.f.__exit__(*exc)

    def write(self, data):
        n = self.f.write(data)
        self.written += n
        if self.written > HALF:
            self.f.flush()
            print('half written', flush=True)
            sys.stdin.read()
        return n


os.fdopen = lambda fd, mode: Stalls(fdopen(fd, mode))
minigrad.save({'layers': [minigrad.zeros(1_000_000) for _ in range(8)]}, sys.argv[1])
"""


def test_killed_while_writing_keeps_the_old_file(tmp_path):
    """SIGKILL in the middle of writing a 32 MB checkpoint (the child's writes stop past half of it, and the
    parent kills it there): the old file is untouched and loads; left beside it is the half-written temporary
    file, which is not a checkpoint."""
    path = tmp_path / 'ckpt.pt'
    minigrad.save({'w': minigrad.ones(3)}, path)
    old = path.read_bytes()
    whole = io.BytesIO()
    minigrad.save({'layers': [minigrad.zeros(1_000_000) for _ in range(8)]}, whole)
    child = subprocess.Popen([sys.executable, '-c', STALLING_SAVE, str(path), str(len(whole.getvalue()))],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == 'half written\n'   # the child is inside save, blocked mid-write
        temp, = [p for p in tmp_path.iterdir() if p != path]
        written = temp.stat().st_size
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -9
    assert len(whole.getvalue()) // 2 < written < len(whole.getvalue())
    assert path.read_bytes() == old
    assert minigrad.load(path)['w'].tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(RuntimeError, match='is not a minigrad checkpoint'):
        minigrad.load(temp)


# -- interop ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('dtype', [torch.float32, torch.float64, torch.int64, torch.bool, torch.uint8])
def test_from_torch_and_to_torch_copy(dtype):
    t = (torch.arange(6) % 3).reshape(2, 3).to(dtype)
    values = t.tolist()
    m = interop.from_torch(t)
    assert m.dtype.name == str(dtype).replace('torch.', '') and m.tolist() == values
    back = interop.to_torch(m)
    assert back.dtype == dtype and back.tolist() == values
    t.zero_()
    m.zero_()
    assert back.tolist() == values and interop.from_torch(t).tolist() == m.tolist()   # copies, both ways
    assert interop.from_torch(torch.ones(2, requires_grad=True) * 2).tolist() == [2.0, 2.0]


def test_copy_weights():
    if not hasattr(minigrad.nn, 'Linear'):
        pytest.skip('minigrad.nn.Linear does not exist yet')
    torch.manual_seed(0)
    t_net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2)).double()
    m_net = minigrad.nn.Sequential(minigrad.nn.Linear(4, 3), minigrad.nn.ReLU(), minigrad.nn.Linear(3, 2)).double()
    interop.copy_weights(t_net, m_net)
    x = np.random.default_rng(0).standard_normal((5, 4))
    np.testing.assert_allclose(m_net(minigrad.tensor(x)).detach().numpy(), t_net(torch.tensor(x)).detach().numpy(),
                               rtol=1e-12)
    with pytest.raises(Exception):
        interop.copy_weights(torch.nn.Linear(4, 3), m_net)


def test_weights_move_both_ways_between_the_libraries(tmp_path):
    """README's recipe: a trained minigrad model into PyTorch and a PyTorch model into minigrad, in memory
    (copy_weights) and through files (each library's own format, with from_torch / to_torch between)."""
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)

    def pair():
        return (torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2)),
                minigrad.nn.Sequential(minigrad.nn.Linear(4, 3), minigrad.nn.ReLU(), minigrad.nn.Linear(3, 2)))

    def same(t_net, m_net):
        """The same weights bit for bit, so the same outputs (float32: summation order may differ by an ulp)."""
        for (name, t), m in zip(t_net.state_dict().items(), m_net.state_dict().values()):
            np.testing.assert_array_equal(m.numpy(), t.numpy(), err_msg=name)
        np.testing.assert_allclose(m_net(minigrad.tensor(x)).detach().numpy(), t_net(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-5, atol=1e-6)

    t_net, m_net = pair()
    interop.copy_weights(m_net, t_net)              # minigrad -> torch, in memory
    same(t_net, m_net)
    t_net, m_net = pair()
    interop.copy_weights(t_net, m_net)              # torch -> minigrad, in memory
    same(t_net, m_net)

    t_net, m_net = pair()
    minigrad.save(m_net.state_dict(), tmp_path / 'minigrad.pt')
    state = minigrad.load(tmp_path / 'minigrad.pt', weights_only=True)
    t_net.load_state_dict({k: interop.to_torch(v) for k, v in state.items()})      # minigrad's file -> torch
    same(t_net, m_net)
    t_net, m_net = pair()
    torch.save(t_net.state_dict(), tmp_path / 'torch.pt')
    state = torch.load(tmp_path / 'torch.pt', weights_only=True)
    m_net.load_state_dict({k: interop.from_torch(v) for k, v in state.items()})    # torch's file -> minigrad
    same(t_net, m_net)
