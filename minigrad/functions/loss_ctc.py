"""The connectionist temporal classification loss (CTC): the negative log-likelihood of a target sequence under all
alignments of it to the inputs, by the forward-backward recursions in log space. The plain readable version: a loop
over the samples and over time, vectorised over the positions of the extended target."""
from .grad_utils import data, is_tensor
from .nodiff import NotImplemented
from ..autograd.function import Op
from ..backend import get_array_module


def logsumexp(xp, *terms):
    """log(sum(e^t)) of arrays, elementwise; -inf where every term is -inf."""
    m = terms[0]
    for t in terms[1:]:
        m = xp.maximum(m, t)
    safe = xp.where(xp.isfinite(m), m, 0)
    return safe + xp.log(sum(xp.exp(t - safe) for t in terms))


class CtcLossBackward0(Op):
    """For each sample, with lp = log_probs (T, C), its target l of length S and l' = l with the blank b around and
    between its labels (length 2S + 1), the forward variables (log space)
        alpha_0 = (lp[0, b], lp[0, l'_1], -inf, ...),
        alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s != b, l'_{s-2}) + lp[t, l'_s],
    out = -logsumexp(alpha_{T-1}(2S), alpha_{T-1}(2S - 1)), the loss per sample (inf when no alignment exists);
    with beta the same recursion run backwards from the end, PyTorch's gradient (that of log_softmax's input, written
    on log_probs), at each [t, c]:  dlp = g (e^lp[t, c] - e^(logsumexp over s with l'_s = c of (alpha_t(s) + beta_t(s))
    + out - lp[t, c])) for t < T, 0 after (and 0 for an infinite loss with zero_infinity)"""
    tensor_params = ('targets',)

    @staticmethod
    def forward(ctx, lp, targets, input_lengths, target_lengths, blank, zero_infinity):
        xp = get_array_module(lp)
        time, batch, _ = lp.shape
        offsets = [sum(target_lengths[:n]) for n in range(batch)]
        ctx.samples, losses = [], []
        for n in range(batch):
            tgt = targets[n, :target_lengths[n]] if targets.ndim == 2 else \
                targets[offsets[n]:offsets[n] + target_lengths[n]]
            ext = xp.full(2 * len(tgt) + 1, blank, dtype=xp.int64)
            ext[1::2] = tgt
            emit = lp[:input_lengths[n], n][:, ext]                       # (T_n, 2S + 1)
            alpha, beta = ctx.recursion(xp, emit, ext, blank), ctx.recursion(xp, emit[::-1, ::-1], ext[::-1],
                                                                             blank)[::-1, ::-1]
            last = alpha[-1, -2:] if len(ext) > 1 else alpha[-1, -1:]
            nll = -logsumexp(xp, *last) if input_lengths[n] else xp.asarray(xp.inf if len(tgt) else 0.0, lp.dtype)
            ctx.samples.append((ext, alpha, beta, nll))
            losses.append(nll)
        ctx.zero_infinity, ctx.blank = zero_infinity, blank
        ctx.input_lengths = input_lengths
        ctx.save_for_backward(lp)
        return xp.stack(losses).astype(lp.dtype)

    def recursion(self, xp, emit, ext, blank):
        """alpha for the emissions `emit` (T, L) of the extended target `ext` (run on the reversed arrays: beta)."""
        time, length = emit.shape
        alpha = xp.full((max(time, 1), length), -xp.inf, dtype=emit.dtype)
        if time == 0:
            return alpha
        alpha[0, :2] = emit[0, :2]
        skip = xp.zeros(length, dtype=bool)
        skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
        none = xp.full(1, -xp.inf, dtype=emit.dtype)
        for t in range(1, time):
            prev = alpha[t - 1]
            one = xp.concatenate([none, prev[:-1]])
            two = xp.where(skip, xp.concatenate([none, none, prev[:-2]])[:length], -xp.inf)
            alpha[t] = logsumexp(xp, prev, one, two) + emit[t]
        return alpha

    @staticmethod
    def backward(ctx, g):
        lp, = ctx.saved_tensors
        value = ctx.gradient(data(g), data(lp))
        if is_tensor(g):
            return NotImplemented.apply(g, lp, out=value, aten='_ctc_loss_backward')
        return value

    def gradient(self, g, lp):
        xp = get_array_module(lp)
        grad = xp.zeros_like(lp)
        for n, (ext, alpha, beta, nll) in enumerate(self.samples):
            steps = self.input_lengths[n]
            if steps == 0 or (self.zero_infinity and xp.isinf(nll)):
                continue
            ab = alpha[:steps] + beta[:steps]                              # (T_n, L)
            lcab = xp.full((steps, lp.shape[2]), -xp.inf, dtype=lp.dtype)
            for c in set(ext.tolist()):
                lcab[:, c] = logsumexp(xp, *ab[:, ext == c].T)
            own = lp[:steps, n]
            grad[:steps, n] = (xp.exp(own) - xp.exp(lcab + nll - own)) * g[n]
        return grad
