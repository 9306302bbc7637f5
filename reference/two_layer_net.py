"""The two-layer ReLU network of "Learning PyTorch with examples": y = relu(x @ w1) @ w2, fitted to random data
with the sum of squared errors and a plain gradient step. Three forms: numpy with a hand-written backward, and
tensors with autograd (`torch` is torch or minigrad)."""
import numpy as np

N, D_in, H, D_out = 64, 1000, 100, 10  # batch size, input, hidden and output dimensions
learning_rate = 1e-6


def numpy_forward(x, y, w1, w2):
    """The tutorial's numpy forward pass and loss; returns h, h_relu (kept for backward), y_pred and the loss."""
    h = x.dot(w1)
    h_relu = np.maximum(h, 0)
    y_pred = h_relu.dot(w2)
    loss = np.square(y_pred - y).sum()
    return h, h_relu, y_pred, loss


def numpy_backward(x, y, w2, h, h_relu, y_pred):
    """The tutorial's backward pass by hand: the gradients of the loss with respect to w1 and w2."""
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T.dot(grad_y_pred)
    grad_h_relu = grad_y_pred.dot(w2.T)
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    grad_w1 = x.T.dot(grad_h)
    return grad_w1, grad_w2


def numpy_update(w1, w2, grad_w1, grad_w2):
    """The tutorial's update of w1 and w2, in place."""
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2


def numpy_step(x, y, w1, w2):
    """One step of the tutorial's numpy loop: forward, loss, backward by hand, update of w1 and w2 in place.
    Returns y_pred, loss and the gradients (the parity suite compares them)."""
    h, h_relu, y_pred, loss = numpy_forward(x, y, w1, w2)
    grad_w1, grad_w2 = numpy_backward(x, y, w2, h, h_relu, y_pred)
    numpy_update(w1, w2, grad_w1, grad_w2)
    return y_pred, loss, grad_w1, grad_w2


def forward(x, w1, w2):
    """The forward pass with tensors: clamp(min=0) is the ReLU."""
    return x.mm(w1).clamp(min=0).mm(w2)


def loss_fn(y_pred, y):
    return (y_pred - y).pow(2).sum()


def update(torch, w1, w2):
    """The tutorial's update: outside the graph, then the gradients are zeroed for the next step."""
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()


def autograd_step(torch, x, y, w1, w2):
    """One step with autograd: the tutorial's loop body."""
    y_pred = forward(x, w1, w2)
    loss = loss_fn(y_pred, y)
    loss.backward()
    update(torch, w1, w2)
    return y_pred, loss
