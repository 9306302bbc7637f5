"""Data-parallel training of the CIFAR-10 tutorial's LeNet over MPI.

    mpiexec -n 2 python -m reference.ddp_lenet     # 2 processes (pip install -e '.[distributed]')
    python -m reference.ddp_lenet                  # the same training in one process

Every process holds the whole model and trains on its share of each batch (DistributedSampler);
DistributedDataParallel averages the gradients over the processes during backward(). `--batch-size` is the
global batch, so N processes take the same steps as one process does, and end with the same parameters up to
float32 rounding (when --samples and --batch-size are divisible by N).
The data are built in, nothing is downloaded: CIFAR-shaped 3x32x32 images, noise plus one fixed pattern per class.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy

import minigrad
import minigrad.distributed as dist
from minigrad.nn.parallel import DistributedDataParallel
from minigrad.utils.data import DataLoader, DistributedSampler, TensorDataset
from reference import cifar_lenet


def synthetic_cifar(samples, seed=0):
    """`samples` labelled images: standard normal noise plus the pattern of their class (10 classes)."""
    rng = numpy.random.default_rng(seed)
    patterns = rng.standard_normal((10, 3, 32, 32)).astype(numpy.float32)
    labels = rng.integers(0, 10, samples)
    images = rng.standard_normal((samples, 3, 32, 32)).astype(numpy.float32) + patterns[labels]
    return TensorDataset(minigrad.from_numpy(images), minigrad.from_numpy(labels))


def train(epochs=2, batch_size=24, samples=960, lr=0.01, seed=0, log=print):
    """Train LeNet on this process's share of the data. Returns the trained (unwrapped) model and the
    samples per second of all processes together."""
    rank, world = dist.get_rank(), dist.get_world_size()
    if batch_size % world:
        raise ValueError(f'the global batch size {batch_size} does not split evenly over {world} processes')
    minigrad.manual_seed(seed)
    net = cifar_lenet.build(minigrad)()
    model = DistributedDataParallel(net)
    criterion = minigrad.nn.CrossEntropyLoss()
    optimizer = minigrad.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    dataset = synthetic_cifar(samples, seed)
    sampler = DistributedSampler(dataset, seed=seed)
    loader = DataLoader(dataset, batch_size=batch_size // world, sampler=sampler)

    dist.barrier()
    start = time.perf_counter()
    for epoch in range(epochs):
        sampler.set_epoch(epoch)
        total = minigrad.zeros(())
        for inputs, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            total += loss.detach()
        dist.all_reduce(total)                       # the mean loss over all processes' batches
        if rank == 0:
            log(f'epoch {epoch + 1}: loss {total.item() / (world * len(loader)):.4f}')
    dist.barrier()
    return net, epochs * len(sampler) * world / (time.perf_counter() - start)


def throughput(processes, threads=1, **train_args):
    """Samples per second of `train(**train_args)` on `processes` processes started by mpiexec, each with
    `threads` BLAS threads (for the benchmarks): runs `mpiexec -n processes python -m reference.ddp_lenet --json`."""
    mpiexec = shutil.which('mpiexec', path=os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    if mpiexec is None:
        raise RuntimeError("mpiexec not found: pip install -e '.[distributed]'")
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    args = [f'--{name.replace("_", "-")}={value}' for name, value in train_args.items()]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([mpiexec, '-n', str(processes), sys.executable, '-m', 'reference.ddp_lenet', '--json',
                          *args], cwd=root, env=env, capture_output=True, text=True, check=True, timeout=600).stdout
    return json.loads(out.splitlines()[-1])['samples_per_s']


def main():
    parser = argparse.ArgumentParser(prog='python -m reference.ddp_lenet', description=__doc__, allow_abbrev=False,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--epochs', type=int, default=2)
    parser.add_argument('--batch-size', type=int, default=24, help='the global batch, split over the processes')
    parser.add_argument('--samples', type=int, default=960)
    parser.add_argument('--lr', type=float, default=0.01)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--save', metavar='PATH', help="save the trained model's state_dict (minigrad.save)")
    parser.add_argument('--json', action='store_true', help='print only a JSON line with samples per second')
    args = parser.parse_args()

    dist.init_process_group('mpi')
    net, samples_per_s = train(args.epochs, args.batch_size, args.samples, args.lr, args.seed,
                               log=(lambda line: None) if args.json else print)
    if dist.get_rank() == 0:
        if args.save:
            minigrad.save(net.state_dict(), args.save)
        if args.json:
            print(json.dumps({'processes': dist.get_world_size(), 'samples_per_s': samples_per_s}))
        else:
            print(f'{dist.get_world_size()} process(es): {samples_per_s:.0f} samples/s')
    dist.destroy_process_group()


if __name__ == '__main__':
    main()
