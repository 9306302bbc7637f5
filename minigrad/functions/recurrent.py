"""One time step of the recurrent cells (Elman RNN with tanh or ReLU, LSTM, GRU), as torch.rnn_tanh_cell,
torch.rnn_relu_cell, torch.lstm_cell and torch.gru_cell: the functions behind nn.RNNCell, nn.LSTMCell, nn.GRUCell
and, step after step, nn.RNN, nn.LSTM, nn.GRU (minigrad/nn/rnn.py).

Each is composed of recorded ops (addmm/mm, chunk, sigmoid, tanh, relu, *, +), in the order of ATen's composite
cells (aten/src/ATen/native/RNN.cpp), so the output's node is PyTorch's (TanhBackward0, ReluBackward0, the LSTM's
h: MulBackward0 and c: AddBackward0, the GRU's AddBackward0) and double backward works.

With x the input (batch, input_size), h the hidden state (batch, hidden_size), gi = x W_ih^T + b_ih and
gh = h W_hh^T + b_hh (the gates side by side, in PyTorch's order):
    RNN:   h' = tanh(gh + gi)  (or relu)
    LSTM:  i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of the four chunks of gh + gi
           c' = f * c + i * g;   h' = o * tanh(c')
    GRU:   r, z = sigmoid of the first two chunks of gh + gi (reset and update gates)
           n = tanh(gi_n + r * gh_n);   h' = (h - n) * z + n     (= (1 - z) * n + z * h)
The *_step functions take gi already computed, so a layer projects its whole sequence's inputs in one matmul.
"""
from .linalg import AddmmBackward0
from .table import export


def linear(x, weight, bias):
    """x W^T + b on a 2-D x (one addmm), or x W^T without a bias (one mm), as ATen's linear."""
    return x.matmul(weight.t()) if bias is None else AddmmBackward0.apply(bias, x, weight.t())


def rnn_step(gi, h, w_hh, b_hh, nonlinearity):
    return getattr(linear(h, w_hh, b_hh) + gi, nonlinearity)()


def lstm_step(gi, h, c, w_hh, b_hh):
    i, f, g, o = (linear(h, w_hh, b_hh) + gi).chunk(4, 1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c.tanh(), c


def gru_step(gi, h, w_hh, b_hh):
    gi_r, gi_z, gi_n = gi.chunk(3, 1)
    gh_r, gh_z, gh_n = linear(h, w_hh, b_hh).chunk(3, 1)
    r = (gh_r + gi_r).sigmoid()
    z = (gh_z + gi_z).sigmoid()
    n = (gi_n + gh_n * r).tanh()
    return (h - n) * z + n


def check_cell(input, hiddens, w_ih, w_hh):
    """ATen's checks of a cell's input and hidden states against the weights, in its words."""
    if input.shape[1] != w_ih.shape[1]:
        raise RuntimeError(f'input has inconsistent input_size: got {input.shape[1]} expected {w_ih.shape[1]}')
    for k, h in enumerate(hiddens):
        if h.shape[0] != input.shape[0]:
            raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{k} batch size {h.shape[0]}")
        if h.shape[1] != w_hh.shape[1]:
            raise RuntimeError(f'hidden{k} has inconsistent hidden_size: got {h.shape[1]}, expected {w_hh.shape[1]}')


@export(method=False)
def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    check_cell(input, (hx,), w_ih, w_hh)
    return rnn_step(linear(input, w_ih, b_ih), hx, w_hh, b_hh, 'tanh')


@export(method=False)
def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    check_cell(input, (hx,), w_ih, w_hh)
    return rnn_step(linear(input, w_ih, b_ih), hx, w_hh, b_hh, 'relu')


@export(method=False)
def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    check_cell(input, hx, w_ih, w_hh)
    return lstm_step(linear(input, w_ih, b_ih), *hx, w_hh, b_hh)


@export(method=False)
def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    check_cell(input, (hx,), w_ih, w_hh)
    return gru_step(linear(input, w_ih, b_ih), hx, w_hh, b_hh)
