"""One LSTM layer in one direction over a whole padded sequence as one node, PyTorch's MkldnnRnnLayerBackward0 (the
node its oneDNN kernel records for a float32 nn.LSTM on the CPU; nn/rnn.py uses it there, the cells' recorded ops
elsewhere, as PyTorch does).

The math is the LSTM cell's (functions/recurrent.py) at every step; what makes it fast is where the work goes:
forward projects the inputs of all time steps with one matmul and loops over t doing only h W_hh^T and the gate
math into preallocated arrays; backward loops back over t for the gates' gradients alone, then gets the gradients
of x, W_ih and W_hh with one matmul each over all steps.
"""
from ..autograd import grad_mode
from ..autograd.functional import grad as autograd_grad
from ..autograd.function import MultiOutputOp
from ..backend import get_array_module
from .recurrent import linear, lstm_step
from .shape import stack


class MkldnnRnnLayerBackward0(MultiOutputOp):
    """An LSTM layer: x (T, B, I), weights W_ih (4H, I), W_hh (4H, H), biases b_ih, b_hh (4H), state h0, c0 (B, H).
    With z_t = x_t W_ih^T + b_ih + b_hh + h_(t-1) W_hh^T cut into four (B, H) chunks, for t = 0 .. T-1 (T-1 .. 0
    when reverse):
        i, f, g, o = sigmoid(z_i), sigmoid(z_f), tanh(z_g), sigmoid(z_o)
        c_t = f * c_(t-1) + i * g;   h_t = o * tanh(c_t)
        out = (output, hy, cy) = (h_0 .. h_(T-1) stacked, the last h, the last c)
    Backward, from the last step to the first, dh and dc carrying the gradient of the state back in time:
        dh += doutput_t;   do = dh * tanh(c_t);   dc += dh * o * (1 - tanh(c_t)^2)
        di, df, dg = dc * g, dc * c_(t-1), dc * i;   dc = dc * f   (the dc of c_(t-1))
        dz_t = (di, df, dg, do) * (i(1-i), f(1-f), 1-g^2, o(1-o));   dh = dz_t W_hh   (the dh of h_(t-1))
    then over all steps at once:  dx = dz W_ih,  dW_ih = dz^T x,  dW_hh = dz^T h_(t-1),  db_ih = db_hh = sum of dz,
    dh0, dc0 = the dh, dc left after the first step.
    Under create_graph the gradients come from the same layer recomputed with the cells' recorded ops, as
    PyTorch's mkldnn_rnn_layer_differentiable_backward does, so that they can be differentiated again."""

    @staticmethod
    def forward(ctx, x, w_ih, w_hh, b_ih, b_hh, h0, c0, reverse=False):
        xp = get_array_module(x)
        steps, batch, hidden = x.shape[0], x.shape[1], w_hh.shape[1]
        seq = x[::-1] if reverse else x                             # the steps in the order they run
        scale, shift = tanh_form(hidden, x.dtype, xp)               # z * scale: the i, f, o rows halved (exact)
        w_ih_t = xp.ascontiguousarray((w_ih * scale[:, None]).T)
        w_hh_t = xp.ascontiguousarray((w_hh * scale[:, None]).T)
        z = (seq.reshape(steps * batch, -1) @ w_ih_t + (b_ih + b_hh) * scale).reshape(steps, batch, 4 * hidden)
        hs = xp.empty((steps + 1, batch, hidden), x.dtype)          # h_(t-1) at [t], h_t at [t + 1]
        cs = xp.empty((steps + 1, batch, hidden), x.dtype)          # c likewise
        tanh_c = xp.empty((steps, batch, hidden), x.dtype)
        hs[0], cs[0] = h0, c0
        for t in range(steps):
            gates = z[t]                                            # (B, 4H): i, f, g, o side by side
            gates += hs[t] @ w_hh_t
            xp.tanh(gates, out=gates)
            gates *= scale                                          # sigmoid(i, f, o), tanh(g)
            gates += shift
            i, f, g, o = (gates[:, k * hidden:(k + 1) * hidden] for k in range(4))
            xp.multiply(f, cs[t], out=cs[t + 1])
            cs[t + 1] += i * g
            xp.tanh(cs[t + 1], out=tanh_c[t])
            xp.multiply(o, tanh_c[t], out=hs[t + 1])
        ctx.reverse, ctx.gates, ctx.hs, ctx.cs, ctx.tanh_c = reverse, z, hs, cs, tanh_c
        ctx.save_for_backward(x, w_ih, w_hh, b_ih, b_hh, h0, c0)
        output = hs[:0:-1] if reverse else hs[1:]
        return xp.ascontiguousarray(output), hs[-1].copy(), cs[-1].copy()

    @staticmethod
    def backward(ctx, g_output, g_hy, g_cy):
        if grad_mode._enabled:          # create_graph: the gradients must be differentiable again
            return ctx.backward_through_cells(g_output, g_hy, g_cy)
        x, w_ih, w_hh = ctx.saved_tensors[:3]
        xp = get_array_module(x)
        gates, hs, cs, tanh_c = ctx.gates, ctx.hs, ctx.cs, ctx.tanh_c
        steps, batch, hidden = tanh_c.shape
        x = x[::-1] if ctx.reverse else x
        if g_output is not None and ctx.reverse:
            g_output = g_output[::-1]
        i, f, g, o = (gates[..., k * hidden:(k + 1) * hidden] for k in range(4))     # (T, B, H) each
        # what each step multiplies dh and dc by, for all steps at once: dz_o = dh * d_o, dc += dh * dc_dh,
        # (dz_i, dz_f, dz_g) = dc * d_ifg
        d_o = tanh_c * o * (1 - o)
        dc_dh = o * (1 - tanh_c * tanh_c)
        d_ifg = xp.stack([g * i * (1 - i), cs[:-1] * f * (1 - f), i * (1 - g * g)], axis=2)      # (T, B, 3, H)
        dz = xp.empty_like(gates)
        dz_gates = dz.reshape(steps, batch, 4, hidden)
        dh = xp.zeros((batch, hidden), x.dtype) if g_hy is None else g_hy
        dc = xp.zeros((batch, hidden), x.dtype) if g_cy is None else g_cy
        for t in reversed(range(steps)):
            if g_output is not None:
                dh = dh + g_output[t]
            xp.multiply(dh, d_o[t], out=dz_gates[t, :, 3])
            dc = dc + dh * dc_dh[t]
            xp.multiply(d_ifg[t], dc[:, None], out=dz_gates[t, :, :3])
            dc = dc * f[t]                                          # the dc of c_(t-1)
            dh = dz[t] @ w_hh                                       # the dh of h_(t-1)
        need_x, need_ih, need_hh, need_bih, need_bhh, need_h0, need_c0 = ctx.needs_input_grad
        dz = dz.reshape(steps * batch, 4 * hidden)
        dx = (dz @ w_ih).reshape(x.shape) if need_x else None
        dw_ih = dz.T @ x.reshape(steps * batch, -1) if need_ih else None
        dw_hh = dz.T @ hs[:-1].reshape(steps * batch, hidden) if need_hh else None
        db = dz.sum(0) if need_bih or need_bhh else None
        return ((dx[::-1] if ctx.reverse and need_x else dx), dw_ih, dw_hh, db if need_bih else None,
                db.copy() if need_bhh else None, dh if need_h0 else None, dc if need_c0 else None)

    def backward_through_cells(self, *grads):
        """create_graph: the layer run again on the inputs through the cells' recorded ops (lstm_layer_by_steps),
        and its gradients for `grads` taken with create_graph, so that they are differentiable again."""
        inputs = self.saved_tensors
        wanted = [k for k, need in enumerate(self.needs_input_grad) if need]
        outputs = lstm_layer_by_steps(*inputs, reverse=self.reverse)
        given = [k for k, g in enumerate(grads) if g is not None]
        found = autograd_grad([outputs[k] for k in given], [inputs[k] for k in wanted], [grads[k] for k in given],
                              create_graph=True, allow_unused=True)
        result = [None] * len(inputs)
        for k, g in zip(wanted, found):
            result[k] = g
        return tuple(result)


def tanh_form(hidden, dtype, xp):
    """(scale, shift) along the 4H gate columns: 1/2 and 1/2 for i, f, o, 1 and 0 for g. As sigmoid(a) =
    (tanh(a / 2) + 1) / 2 (to an ulp of 1, which is all a gate needs: it scales O(1) values), tanh(a * scale) * scale
    + shift is sigmoid(a)
    on i, f, o and tanh(a) on g: the four activations in one tanh over the contiguous (B, 4H) block, 3x faster than
    a call per gate on strided slices. a * scale is exact (a power of 2), so forward puts it into the weights."""
    half, one, zero = xp.full(hidden, 0.5, dtype), xp.ones(hidden, dtype), xp.zeros(hidden, dtype)
    return xp.concatenate([half, half, one, half]), xp.concatenate([half, half, zero, half])


def lstm_layer_by_steps(x, w_ih, w_hh, b_ih, b_hh, h0, c0, reverse=False):
    """The layer of MkldnnRnnLayerBackward0 on Tensors through the cells' recorded ops: (output, hy, cy)."""
    steps = x.shape[0]
    gi = linear(x.reshape(-1, x.shape[-1]), w_ih, b_ih).view(steps, x.shape[1], -1)
    h, c, outputs = h0, c0, [None] * steps
    for t in (reversed(range(steps)) if reverse else range(steps)):
        h, c = lstm_step(gi[t], h, c, w_hh, b_hh)
        outputs[t] = h
    return stack(outputs), h, c
