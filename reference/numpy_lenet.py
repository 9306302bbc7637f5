"""The CIFAR-10 LeNet's training step written by hand in numpy: the floor an engine on numpy can reach.

Same parameters (names and layouts as PyTorch's state_dict), same arithmetic as the tutorial's model with
CrossEntropyLoss and SGD(lr=0.001, momentum=0.9). What makes it fast, none of which a general engine can do:
- activations are kept channel-first, (C, N, H, W), so a convolution is one matmul W(O, C*k*k) @ cols(C*k*k, N*H*W);
- im2col copies rows of contiguous pixels (the fast direction for numpy's copy loops); pooling then gathers each
  2x2 window of the (12x smaller) conv output into a last axis of 4, where argmax finds PyTorch's choice;
- max-pool and ReLU commute, so the ReLU runs on the pooled (4x smaller) array, and the bias is added after pooling;
- the first convolution needs no input gradient.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def im2col(x, k):
    """x (C, N, H, W) -> cols (C*k*k, N*Ho*Wo) for a k x k 'valid' convolution: row (c, i, j) holds the input
    pixels that kernel entry (c, i, j) meets at every output position."""
    C, N, H, W = x.shape
    win = sliding_window_view(x, (k, k), axis=(2, 3))            # (C, N, Ho, Wo, k, k), a view
    return win.transpose(0, 4, 5, 1, 2, 3).reshape(C * k * k, -1)  # the one copy (rows of Wo contiguous pixels)


def col2im(dcols, shape, k):
    """The adjoint of im2col: add each column's gradient back onto the input pixels it came from."""
    C, N, H, W = shape
    Ho, Wo = H - k + 1, W - k + 1
    d = dcols.reshape(C, k, k, N, Ho, Wo)
    dx = np.zeros(shape, dcols.dtype)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + Ho, j:j + Wo] += d[:, i, j]
    return dx


def pool_windows(z):
    """(C, N, H, W) -> (C, N, H/2, W/2, 4): each 2x2 window's values in the last axis, in PyTorch's scan order."""
    C, N, H, W = z.shape
    return z.reshape(C, N, H // 2, 2, W // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(C, N, H // 2, W // 2, 4)


def unpool_windows(d):
    """The inverse of pool_windows."""
    C, N, H2, W2, _ = d.shape
    return d.reshape(C, N, H2, W2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(C, N, 2 * H2, 2 * W2)


class NumpyLeNet:
    """params: dict name -> array (PyTorch's names and shapes); step(x, labels) does one SGD-momentum step."""

    def __init__(self, params, lr=0.001, momentum=0.9):
        self.params = {name: np.array(p) for name, p in params.items()}
        self.lr, self.momentum = lr, momentum
        self.buf = {}         # momentum buffers, created on the first step as in torch.optim.SGD
        self.grads = {}

    def conv_pool_relu(self, x, name):
        """conv (k=5) -> 2x2 max-pool -> +bias -> ReLU on (C, N, H, W); returns the output and what backward needs."""
        w, b = self.params[name + '.weight'], self.params[name + '.bias']
        O, k = w.shape[0], w.shape[-1]
        C, N, H, W = x.shape
        cols = im2col(x, k)
        z = pool_windows((w.reshape(O, -1) @ cols).reshape(O, N, H - k + 1, W - k + 1))
        arg = z.argmax(axis=-1)                                    # the first maximum, as PyTorch picks it
        p = np.take_along_axis(z, arg[..., None], -1)[..., 0] + b[:, None, None, None]
        return np.maximum(p, 0), (x.shape, cols, arg, p)

    def conv_pool_relu_backward(self, da, cache, name, need_dx=True):
        shape, cols, arg, p = cache
        w = self.params[name + '.weight']
        O, k = w.shape[0], w.shape[-1]
        dp = da * (p > 0)
        self.grads[name + '.bias'] = dp.sum(axis=(1, 2, 3))
        dz = (arg[..., None] == np.arange(4)) * dp[..., None]      # the gradient goes to each window's maximum
        dz = unpool_windows(dz).reshape(O, -1)
        self.grads[name + '.weight'] = (dz @ cols.T).reshape(w.shape)
        return col2im(w.reshape(O, -1).T @ dz, shape, k) if need_dx else None

    def forward(self, x, train=False):
        P = self.params
        x = np.ascontiguousarray(x.transpose(1, 0, 2, 3))           # (N, C, H, W) -> (C, N, H, W)
        a1, c1 = self.conv_pool_relu(x, 'conv1')
        a2, c2 = self.conv_pool_relu(a1, 'conv2')
        f = a2.transpose(1, 0, 2, 3).reshape(x.shape[1], -1)       # x.view(-1, 16 * 5 * 5)
        h1 = np.maximum(f @ P['fc1.weight'].T + P['fc1.bias'], 0)
        h2 = np.maximum(h1 @ P['fc2.weight'].T + P['fc2.bias'], 0)
        out = h2 @ P['fc3.weight'].T + P['fc3.bias']
        if train:
            self.cache = (a2.shape, c1, c2, f, h1, h2)
        return out

    @staticmethod
    def loss(out, labels):
        """Softmax cross-entropy, mean over the batch; returns the loss and the log-probabilities."""
        shifted = out - out.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -logp[np.arange(out.shape[0]), labels].mean(), logp

    def loss_and_backward(self, out, labels):
        """Softmax cross-entropy (mean over the batch) and its gradient through the whole network."""
        P, G = self.params, self.grads
        a2shape, c1, c2, f, h1, h2 = self.cache
        n = out.shape[0]
        loss, logp = self.loss(out, labels)
        d = np.exp(logp)
        d[np.arange(n), labels] -= 1
        d /= n
        G['fc3.weight'], G['fc3.bias'] = d.T @ h2, d.sum(0)
        d = (d @ P['fc3.weight']) * (h2 > 0)
        G['fc2.weight'], G['fc2.bias'] = d.T @ h1, d.sum(0)
        d = (d @ P['fc2.weight']) * (h1 > 0)
        G['fc1.weight'], G['fc1.bias'] = d.T @ f, d.sum(0)
        d = (d @ P['fc1.weight']).reshape(a2shape[1], a2shape[0], *a2shape[2:]).transpose(1, 0, 2, 3)
        d = self.conv_pool_relu_backward(d, c2, 'conv2')
        self.conv_pool_relu_backward(d, c1, 'conv1', need_dx=False)
        return loss

    def sgd_step(self):
        """torch.optim.SGD with momentum: buf = momentum * buf + grad (buf = grad at first); p -= lr * buf."""
        for name, p in self.params.items():
            g = self.grads[name]
            if name in self.buf:
                buf = self.buf[name]
                buf *= self.momentum
                buf += g
            else:
                buf = self.buf[name] = g.copy()
            p -= self.lr * buf

    def step(self, x, labels):
        """One training step (forward, loss, backward, update); returns the logits and the loss."""
        out = self.forward(x, train=True)
        loss = self.loss_and_backward(out, labels)
        self.sgd_step()
        return out, loss
