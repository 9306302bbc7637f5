"""PyTorch's "Automatic Differentiation with torch.autograd"
(https://pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html), written once for either library: a
one-layer network's gradients with binary_cross_entropy_with_logits, grad_fn, no_grad and detach, and gradients
of a non-scalar output accumulated over repeated backward calls.

    python -m reference.beginner.autogradqs [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` draw the tutorial's
torch.randn from standin.py, the same numbers in either library; `record(...)` lines note what the parity test
compares.
"""
from reference.beginner import standin


def tutorial(torch, record):
    x = torch.ones(5)  # input tensor
    y = torch.zeros(3)  # expected output
    w = standin.randn(torch, 5, 3, requires_grad=True)  # stand-in: torch.randn(5, 3, requires_grad=True)
    b = standin.randn(torch, 3, requires_grad=True)  # stand-in: torch.randn(3, requires_grad=True)
    z = torch.matmul(x, w)+b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    record('z', z)
    record('loss', loss)

    print(f"Gradient function for z = {z.grad_fn}")
    print(f"Gradient function for loss = {loss.grad_fn}")
    record('z.grad_fn', type(z.grad_fn).__name__)
    record('loss.grad_fn', type(loss.grad_fn).__name__)

    loss.backward()
    print(w.grad)
    print(b.grad)
    record('w.grad', w.grad)
    record('b.grad', b.grad)

    z = torch.matmul(x, w)+b
    print(z.requires_grad)
    record('requires_grad', str(z.requires_grad))

    with torch.no_grad():
        z = torch.matmul(x, w)+b
    print(z.requires_grad)
    record('requires_grad under no_grad', str(z.requires_grad))

    z = torch.matmul(x, w)+b
    z_det = z.detach()
    print(z_det.requires_grad)
    record('requires_grad after detach', str(z_det.requires_grad))

    inp = torch.eye(4, 5, requires_grad=True)
    out = (inp+1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"First call\n{inp.grad}")
    record('first call', inp.grad)
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nSecond call\n{inp.grad}")
    record('second call', inp.grad)
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nCall after zeroing gradients\n{inp.grad}")
    record('call after zeroing gradients', inp.grad)


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
