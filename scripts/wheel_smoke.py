"""Smoke test of an installed minigrad (the wheel, not the repo): run with `python -I` from outside the repo.

It checks that minigrad is imported from site-packages, trains a small net for a few SGD steps (the loss must fall)
and round-trips its state_dict through minigrad.save / minigrad.load.
"""
import os
import sys
import tempfile

import minigrad as torch
from minigrad import nn, optim

here = os.path.dirname(os.path.abspath(torch.__file__))
assert 'site-packages' in here, f'minigrad was imported from {here}, not from an installed package'

torch.manual_seed(0)
x = torch.randn(64, 4)
y = (x.sum(dim=1, keepdim=True) > 0).float()
net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
opt = optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
losses = []
for _ in range(30):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(net(x), y)
    loss.backward()
    opt.step()
    losses.append(loss.item())
assert losses[-1] < 0.5 * losses[0], f'training did not reduce the loss: {losses[0]:.4f} -> {losses[-1]:.4f}'

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, 'net.pt')
    torch.save(net.state_dict(), path)
    clone = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
    clone.load_state_dict(torch.load(path))
assert torch.equal(clone(x), net(x)), 'the loaded state_dict gives other outputs'

print(f'wheel smoke test: minigrad {torch.__version__} from {here}; '
      f'loss {losses[0]:.4f} -> {losses[-1]:.4f} in 30 steps; save/load round trip equal', file=sys.stderr)
