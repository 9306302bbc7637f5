"""The parity report: every tutorial model run in minigrad and in PyTorch from the same weights and inputs (their
differences, speed and memory), and two models trained on real images in both libraries.

    python -m benchmarks.report [--steps N] [--out DIR] [--json FILE] [--device cpu|cuda] [--threads N]
                                [--data-root DIR] [--quick]        (from the repo root; see README)

1. Every tutorial model in PyTorch and in minigrad (and the hand-written numpy twins) from the same weights and
   inputs: max |output difference|, max |gradient difference| and its parameter, max parameter difference over
   10 training steps (float64 and float32 both checked, the table shows --dtype), and the median step times;
   then the speed of every phase of every benchmarked model and batch (as the benchmarks/ suites time them) and
   the peak memory of a training step (benchmarks/memory.py; not with --quick). Each phase shows its progress
   (benchmarks/cli.py).
2. The CIFAR LeNet and the FashionMNIST MLP trained for --steps steps on real images in both libraries from the
   same start on the same batches: loss curves and speed ratios in a PNG, test accuracy of both.
3. The character-level GPT (reference/gpt.py; also a row of the parity table once minigrad has its layers) trained
   for --steps steps on reference/data/tiny.txt in both libraries: losses, time ratio, the text each writes.
Exits with 1 if any parity check fails, the accuracies differ by more than 1 point or the GPTs' final losses by more
than 0.02, so it can gate CI.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import torch

import minigrad
from minigrad.utils.interop import copy_weights
from reference import gpt

from . import data, memory, models, parity, timing
from .cli import positive, progress

TRAINED = ('cifar lenet', 'fashion mlp')


def devices(choice, parser):
    gpu = minigrad.cuda.is_available() and torch.cuda.is_available()
    if choice == 'cuda' and not gpu:
        parser.error('--device cuda: minigrad.cuda.is_available() or torch.cuda.is_available() is False')
    return [choice] if choice else ['cpu'] + (['cuda'] if gpu else [])


def parity_table(devs, dtype, repeats):
    """One row per model, implementation and device: differences from PyTorch and step times."""
    rows = []
    cases = [(device, name, 'minigrad') for device in devs for name in models.NAMES + runnable_gpts()]
    cases += [('cpu', name, 'numpy') for name in models.NUMPY_TWINS if 'cpu' in devs]
    for device, name, impl in progress(cases, 'parity', unit='models'):
        checks = {dt: parity.measure(name, dt, device, impl) for dt in ('float64', 'float32')}
        shown = checks[dtype]
        ref, run = models.make_pair(name, 'float32', device, impl=impl)
        ours, theirs = timing.step_time(run, repeats), timing.step_time(ref, repeats)
        rows.append(dict(
            model=name if impl == 'minigrad' else f'{name} [numpy by hand]', impl=impl, device=device,
            output_diff=shown['output'].value, output_rel=shown['output'].rel,
            grad_diff=shown['grad'].value, grad_rel=shown['grad'].rel, grad_param=shown['grad'].where,
            param_diff=shown['params'].value if run.trains else None,
            param_rel=shown['params'].rel if run.trains else None,
            ms=ours * 1e3, torch_ms=theirs * 1e3, ratio=ours / theirs,
            ok=all(parity.passed(c) for c in checks.values()),
            problems=[f'{dt}: {p}' for dt, c in checks.items() for p in parity.problems(c)],
            known=models.gpt_graph_gap(name)))
    return rows


def runnable_gpts():
    """The GPTs (models.GPTS) minigrad can build now; for each other, a line saying which layers it lacks."""
    ready = []
    for name in models.GPTS:
        missing = models.gpt_missing(name)
        if missing:
            print(f'{name}: not run, minigrad has no {", ".join(missing)} yet')
        else:
            ready.append(name)
    return ready


def print_table(rows, dtype):
    head = (f"{'model':36s} {'dev':4s} {'output: rel (max|diff|)':>23s} {'gradient: rel (max|diff|, param)':>46s} "
            f"{'weights: rel (max|diff|)':>24s} {'minigrad ms':>11s} {'torch ms':>8s} {'ratio':>6s}  ok")
    print(f'\nParity with PyTorch ({dtype} shown). rel = max|minigrad - torch| / max|torch|, what the check bounds; '
          f'in brackets max|minigrad - torch| itself, large where the values are large. weights: after 10 training '
          f'steps.\nok = parity: outputs, loss, every gradient and the weights within rel {parity.TOL["float64"]:.0e} '
          f'in float64 and {parity.TOL["float32"]:.0e} in float32 (the GPTs, trained with AdamW: '
          f'{parity.GPT_TOL["float32"]:.0e}; benchmarks/parity.py says why; speed is not judged). ms: one training '
          f'step; ratio = minigrad / PyTorch.')
    print(head)
    print('-' * len(head))
    for r in rows:
        out = f"{r['output_rel']:.0e} ({r['output_diff']:.1e})"
        grad = f"{r['grad_rel']:.0e} ({r['grad_diff']:.1e}, {r['grad_param']})"
        params = '-' if r['param_diff'] is None else f"{r['param_rel']:.0e} ({r['param_diff']:.1e})"
        print(f"{r['model']:36s} {r['device']:4s} {out:>23s} {grad:>46s} {params:>24s} {r['ms']:11.2f} "
              f"{r['torch_ms']:8.2f} {r['ratio']:6.2f}  {'yes' if r['ok'] else 'NO'}")
        for p in r['problems']:
            print(f'    FAIL {p}')
        if r['known']:
            print(f"    known gap, graphs not compared: {r['known']}")


def speed_table(devs, repeats):
    """Median time of each phase of each benchmarked model (models.BENCHMARKED) in minigrad, PyTorch and the numpy
    twin, timed through timing.phase as the pytest-benchmark suites time them, so the ratios agree."""
    libs = {'minigrad': minigrad, 'torch': torch, 'numpy': np}
    rows = []
    cases = [(device, name, batch, phase) for device in devs for name, batch in models.BENCHMARKED
             for phase in timing.PHASES]
    for device, name, batch, phase in progress(cases, 'speed', unit='phases'):
        impls = [i for i in libs if i != 'numpy' or (name in models.NUMPY_TWINS and device == 'cpu')]
        ms = {}
        for impl in impls:   # a fresh run for each phase: each starts from the same clean state
            run = models.make(name, libs[impl], 'float32', device, batch_size=batch)
            ms[impl] = timing.median_time(timing.phase(run, phase), repeats) * 1e3
            timing.check_finite(run, f'{name} (batch {batch or 64}, {phase}) in {impl}')
        rows.append(dict(model=name, batch=batch or 64, phase=phase, device=device, ms=ms['minigrad'],
                         torch_ms=ms['torch'], numpy_ms=ms.get('numpy'), ratio=ms['minigrad'] / ms['torch'],
                         numpy_ratio=ms['minigrad'] / ms['numpy'] if 'numpy' in ms else None))
    return rows


def print_speed(rows, threads):
    print(f'\nSpeed (float32, {threads} thread(s), medians; ratio = minigrad / PyTorch, /numpy = minigrad / the '
          f'numpy twin; the same numbers as python -m pytest benchmarks --benchmark-only)')
    print(f"{'model':15s} {'batch':>5s} {'phase':17s} {'dev':4s} {'minigrad ms':>11s} {'torch ms':>9s} "
          f"{'numpy ms':>9s} {'ratio':>6s} {'/numpy':>6s}")
    for r in rows:
        numpy_ms = '-' if r['numpy_ms'] is None else f"{r['numpy_ms']:.3f}"
        vs_numpy = '-' if r['numpy_ratio'] is None else f"{r['numpy_ratio']:.2f}"
        print(f"{r['model']:15s} {r['batch']:5d} {r['phase']:17s} {r['device']:4s} {r['ms']:11.3f} "
              f"{r['torch_ms']:9.3f} {numpy_ms:>9s} {r['ratio']:6.2f} {vs_numpy:>6s}")


def accuracy(lib, net, x, y, device, batch=500):
    correct = 0
    with lib.no_grad():
        for start in range(0, len(y), batch):
            outputs = net(lib.tensor(x[start:start + batch], device=device))
            correct += int((models.as_numpy(outputs).argmax(1) == y[start:start + batch]).sum())
    return 100.0 * correct / len(y)


def load_images(data_root):
    """model -> data.load(model, data_root) for each trained model, read before anything else runs; a folder
    that lacks one of the datasets stops the report with a message saying which and what was expected."""
    images = {}
    for name in TRAINED:
        try:
            images[name] = data.load(name, data_root)
        except (OSError, RuntimeError) as e:   # torchvision says RuntimeError('Dataset not found...')
            sys.exit(f'--data-root {data_root}: cannot read {data.DATASETS[name]} (for the {name}): {e}\n'
                     f'Expected {data.LAYOUT} under {data_root} (the report never downloads).')
    return images


def train_both(name, steps, device, images, seed=0):
    """Train the model in both libraries from PyTorch's initial weights on the same batches of real images
    (`images`: what data.load returns)."""
    ref = models.MODULES[name][0]
    x_train, y_train, x_test, y_test, dataset = images
    tnet = models.torch_net(name, 'float32', 'cpu', seed)
    mnet = models.MODULES[name][1](minigrad)()
    copy_weights(tnet, mnet)
    nets = {'torch': (torch, tnet.to(device)), 'minigrad': (minigrad, mnet.to(device))}
    optim = {k: ref.training(lib, net) for k, (lib, net) in nets.items()}
    rng = np.random.default_rng(seed)
    order = np.concatenate([rng.permutation(len(y_train)) for _ in range(steps * ref.batch_size // len(y_train) + 1)])
    losses = {k: [] for k in nets}
    for i in progress(range(steps), f'training {name} on {dataset}', unit='steps'):
        idx = order[i * ref.batch_size:(i + 1) * ref.batch_size]
        for k, (lib, net) in nets.items():
            criterion, optimizer = optim[k]
            inputs, labels = lib.tensor(x_train[idx], device=device), lib.tensor(y_train[idx], device=device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            losses[k].append(loss.item())
    acc = {k: accuracy(lib, net, x_test, y_test, device) for k, (lib, net) in nets.items()}
    return dict(dataset=dataset, losses=losses, accuracy=acc, test_size=len(y_test),
                ok=abs(acc['torch'] - acc['minigrad']) <= 1.0)


def train_gpt(name, steps, device, seed=0):
    """GPT `name` (nanoGPT's character-level shape at reference/gpt.py's default size) trained for `steps` steps in
    both libraries, float32, from PyTorch's initial weights on the same batches of tiny.txt; then each writes 80
    characters greedily. ok: the mean loss of the last 20 steps agrees within 0.02."""
    text = models.GPT_TEXT
    config = gpt.Config(vocab_size=text.vocab_size, **models.GPTS[name])
    torch.manual_seed(seed)
    tnet = gpt.build(torch)(config)
    mnet = gpt.build(minigrad)(config)
    copy_weights(tnet, mnet)
    losses, seconds, texts = {}, {}, {}
    for lib, net in ((torch, tnet.to(device)), (minigrad, mnet.to(device))):
        k = lib.__name__
        started = time.perf_counter()
        losses[k] = gpt.train(lib, net, text, steps, seed=seed, device=device,
                              progress=lambda it: progress(it, f'training {name} in {k}', unit='steps'))
        seconds[k] = time.perf_counter() - started
        texts[k] = gpt.write(lib, net, text, 'The ', 80, device=device)
    final = {k: float(np.mean(v[-20:])) for k, v in losses.items()}
    return dict(losses=losses, final_loss=final, seconds=seconds, text=texts,
                ratio=seconds['minigrad'] / seconds['torch'], ok=abs(final['torch'] - final['minigrad']) <= 0.02)


def print_gpt(trained, steps):
    print(f'\nThe character-level GPT (reference/gpt.py) trained {steps} steps on reference/data/tiny.txt, float32, '
          f'same start and batches in both libraries (ok: the last 20 steps\' mean losses agree within 0.02); '
          f'ratio = minigrad / PyTorch time, greedy text after "The ":')
    for key, t in trained.items():
        f = t['final_loss']
        print(f"  {key:28s} loss {t['losses']['torch'][0]:.3f} -> torch {f['torch']:.4f} minigrad {f['minigrad']:.4f}; "
              f"ratio {t['ratio']:.2f}  {'ok' if t['ok'] else 'DIFFER > 0.02'}")
        for k, s in t['text'].items():
            print(f'    {k:8s} {s!r}')


def draw_lenet_graph(out_dir):
    """The graph of the CIFAR LeNet's loss on one batch, written next to the plot: out_dir/lenet_graph.svg where
    graphviz can draw it, else the DOT text in out_dir/lenet_graph.dot. Returns what was written, and why."""
    net = models.MODULES['cifar lenet'][1](minigrad)()
    loss = minigrad.nn.CrossEntropyLoss()(net(minigrad.randn(4, 3, 32, 32)), minigrad.tensor([0, 1, 2, 3]))
    path = os.path.join(out_dir, 'lenet_graph')
    drawn = minigrad.viz.render(loss, path, names=dict(net.named_parameters()))
    if drawn:
        return f'{drawn} (the LeNet loss graph, drawn by Graphviz)'
    return (f'{path}.dot (the LeNet loss graph as DOT text, not .svg: {minigrad.viz.graphviz_missing()}; '
            f'any DOT viewer opens it)')


def plot(training, speed, path):
    """The loss curves of the trained models, and a bar chart of the training-step time ratios of the speed phase
    (medians of its rounds): minigrad / PyTorch, and the numpy twin / PyTorch where there is one."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(training) + 1, figsize=(6.5 * (len(training) + 1), 5))
    for ax, (name, t) in zip(axes, training.items()):
        for k, style in (('torch', '-'), ('minigrad', '--')):
            loss = np.asarray(t['losses'][k])
            w = max(1, len(loss) // 25)   # running mean over w steps
            smooth = np.convolve(loss, np.ones(w) / w, mode='valid')
            ax.plot(np.arange(len(smooth)) + w, smooth, style, label=f"{k} (test acc {t['accuracy'][k]:.1f}%)")
        ax.set(title=f"{name} on {t['dataset']}", xlabel='step',
               ylabel='training loss' + (f' (mean of {w} steps)' if w > 1 else ''))
        ax.legend()
    ax = axes[-1]
    steps = [r for r in speed if r['phase'] == 'step']
    y = np.arange(len(steps))
    ours = ax.barh(y - 0.2, [r['ratio'] for r in steps], 0.4, color='C0', label='minigrad / PyTorch')
    ax.bar_label(ours, fmt='%.2f', padding=2, fontsize=8)
    twins = [(i, r['numpy_ms'] / r['torch_ms']) for i, r in enumerate(steps) if r['numpy_ms'] is not None]
    if twins:
        bars = ax.barh([i + 0.2 for i, _ in twins], [v for _, v in twins], 0.4, color='C1',
                       label='numpy by hand / PyTorch')
        ax.bar_label(bars, fmt='%.2f', padding=2, fontsize=8)
    ax.axvline(1.0, color='k', ls='--', lw=1, label='PyTorch (1.0)')
    ax.set_yticks(y, [f"{r['model']}, batch {r['batch']}" + ('' if r['device'] == 'cpu' else f" ({r['device']})")
                      for r in steps])
    ratios = [r['ratio'] for r in steps] + [v for _, v in twins]
    ax.set_xlim(0, max(ratios + [1.0]) * 1.2)
    ax.set(title='training step time, median of the speed rounds', xlabel='time / PyTorch time (below 1: faster)')
    ax.invert_yaxis()
    ax.legend(loc='lower right', fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def parse_args(argv):
    """The command line, checked before anything runs: argparse's usage message and exit code 2 on a bad one."""
    p = argparse.ArgumentParser(
        prog='python -m benchmarks.report', allow_abbrev=False,
        description=__doc__.split('\n\n')[0].replace('\n', ' '),
        epilog='Run it from the repo root: benchmarks/ and reference/ are not installed with minigrad. About 2-3 minutes '
               'on 2 idle cores; --quick under half a minute.')
    p.add_argument('--steps', type=positive, default=600, help='training steps on real images per model (default 600)')
    p.add_argument('--out', default='report_out', help='folder for report.png and the graph (default report_out/)')
    p.add_argument('--json', help='also write every number to this JSON file')
    p.add_argument('--device', choices=('cpu', 'cuda'), help='default: the CPU, and the GPU where present')
    p.add_argument('--threads', type=positive, default=1,
                   help='threads for PyTorch and for numpy\'s BLAS (default 1)')
    p.add_argument('--dtype', choices=('float32', 'float64'), default='float32', help='dtype shown in the table')
    p.add_argument('--data-root', help=f'a folder holding both datasets to train on instead of scikit-learn\'s '
                                       f'digits, never downloaded: {data.LAYOUT}')
    p.add_argument('--quick', action='store_true',
                   help='a smoke run: 5 timed repeats instead of 30 in the parity table and 3 in the speed table, '
                        'and no memory table (the training keeps --steps)')
    args = p.parse_args(argv)
    args.devices = devices(args.device, p)
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    timing.set_threads(args.threads)
    devs = args.devices
    images = load_images(args.data_root)
    print(f'minigrad {minigrad.__version__}, torch {torch.__version__}, numpy {np.__version__}, '
          f'python {platform.python_version()}; threads: {args.threads} (torch.set_num_threads and threadpoolctl); '
          f'devices: {", ".join(devs)}')

    rows = parity_table(devs, args.dtype, repeats=5 if args.quick else 30)
    print_table(rows, args.dtype)
    speed = speed_table(devs, repeats=3 if args.quick else 30)
    print_speed(speed, args.threads)
    peak = [] if args.quick else memory.table(models.BENCHMARKED)
    if peak:
        memory.print_table(peak)
    training = {}
    for name in TRAINED:
        for device in devs:
            key = name if device == 'cpu' else f'{name} (cuda)'
            training[key] = train_both(name, args.steps, device, images[name])
    print(f'\nTraining on real images, {args.steps} steps, same start and batches in both libraries (ok: the test '
          f'accuracies agree within 1 point):')
    for key, t in training.items():
        acc = t['accuracy']
        print(f"  {key:22s} {t['dataset']:24s} final loss torch {np.mean(t['losses']['torch'][-20:]):.4f} "
              f"minigrad {np.mean(t['losses']['minigrad'][-20:]):.4f}; test accuracy ({t['test_size']} images) "
              f"torch {acc['torch']:.1f}% minigrad {acc['minigrad']:.1f}%  {'ok' if t['ok'] else 'DIFFER > 1 point'}")
    print('  The accuracies are the tutorials\' models\' own, not targets. The FashionMNIST MLP keeps a ReLU after its '
          'last layer and trains with SGD at lr 1e-3, so it learns slowly: about 35% after 600 steps is that model '
          '(PyTorch gets the same), not a fault.')
    gpts = {(name if device == 'cpu' else f'{name} (cuda)'): train_gpt(name, args.steps, device)
            for name in runnable_gpts()[:1] for device in devs}   # the first; the parity table has each
    print_gpt(gpts, args.steps)

    os.makedirs(args.out, exist_ok=True)
    png = os.path.join(args.out, 'report.png')
    plot(training, speed, png)
    graph = draw_lenet_graph(args.out)
    ok = all(r['ok'] for r in rows) and all(t['ok'] for t in [*training.values(), *gpts.values()])
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(dict(threads=args.threads, thread_pools=timing.thread_info(), devices=devs, dtype=args.dtype,
                           steps=args.steps, ok=ok, versions=dict(minigrad=minigrad.__version__,
                                                                  torch=torch.__version__, numpy=np.__version__),
                           rows=rows, speed=speed, memory=peak, training=training, gpt=gpts), f, indent=1)
    print(f'\nwrote {png}, {graph}' + (f' and {args.json}' if args.json else '') +
          f' in {time.perf_counter() - started:.0f} s. ' + ('All parity checks passed.' if ok else 'PARITY FAILED.'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
