"""The autograd examples of the tutorials, each a function of the library (`torch` = torch or minigrad) and its
leaf tensors, returning the tensor that `backward()` is called on."""


def logistic(torch, x, y, w, b):
    """The single-layer network of the 2021 write-up: z = x @ w + b, binary cross-entropy with logits."""
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    return loss


def mean_of_square(torch, x):
    """x = ones(2, 2, requires_grad=True); y = x + 2; z = y * y * 3; out = z.mean()."""
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return out


def mean_of_product(torch, X):
    """The 2019 write-up: X = ones(2, 2, requires_grad=True); Y = X + 2; Z = torch.mean(Y*Y) (one product, no * 3,
    the mean as a function)."""
    Y = X + 2
    Z = torch.mean(Y * Y)
    return Z


def chained_mm(torch, X, S):
    """The 2019 write-up: S = S.mm(X) fifteen times, then the mean."""
    for i in range(15):
        S = S.mm(X)
    Z = torch.mean(S)
    return Z


def square_plus_three(torch, x):
    """x = [2.]; y = x + 2; z = y ** 2 + 3."""
    y = x + 2
    z = y ** 2 + 3
    return z  # one element: backward() needs no argument
