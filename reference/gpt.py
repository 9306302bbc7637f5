"""A character-level GPT in nanoGPT's shape, written once for either library (`torch` = torch or minigrad):
token and position Embeddings, pre-LayerNorm blocks of causal self-attention and a GELU MLP, a final LayerNorm and
a linear head whose weight is tied to the token embedding (or not). The attention is written both ways nanoGPT
writes it: by hand (q @ k^T / sqrt(d), masked_fill of a tril buffer with -inf, softmax, @ v) or with
F.scaled_dot_product_attention(is_causal=True).

It trains on reference/data/tiny.txt (a short story written for this repo) with AdamW (weight decay on the
matrices only, nanoGPT's betas), clip_grad_norm_ and CosineAnnealingLR, and writes text greedily or by sampling
from the softmax with multinomial.

    import torch, minigrad
    from reference import gpt
    text = gpt.Text()
    config = gpt.Config(vocab_size=text.vocab_size)
    TorchGPT, MinigradGPT = gpt.build(torch), gpt.build(minigrad)
"""
import math
import os
from dataclasses import dataclass

import numpy as np

TEXT = os.path.join(os.path.dirname(__file__), 'data', 'tiny.txt')


class Text:
    """The characters of a text file as integer tokens: the vocabulary is the sorted set of its characters."""

    def __init__(self, path=TEXT):
        with open(path, encoding='utf-8') as f:
            self.text = f.read()
        self.chars = sorted(set(self.text))
        self.vocab_size = len(self.chars)
        self.index = {c: i for i, c in enumerate(self.chars)}
        self.tokens = self.encode(self.text)

    def encode(self, s):
        return np.array([self.index[c] for c in s], dtype=np.int64)

    def decode(self, tokens):
        return ''.join(self.chars[int(i)] for i in tokens)

    def batch(self, rng, batch_size, block_size):
        """(x, y) int64 arrays of shape (batch_size, block_size): random windows of the text and the same windows
        shifted by one character (the targets)."""
        starts = rng.integers(0, len(self.tokens) - block_size, batch_size)
        x = np.stack([self.tokens[s:s + block_size] for s in starts])
        y = np.stack([self.tokens[s + 1:s + 1 + block_size] for s in starts])
        return x, y


@dataclass
class Config:
    vocab_size: int
    block_size: int = 32
    n_layer: int = 2
    n_head: int = 4
    n_embd: int = 64
    dropout: float = 0.0
    sdpa: bool = False    # F.scaled_dot_product_attention(is_causal=True) instead of tril + masked_fill + softmax
    tied: bool = True     # lm_head.weight is transformer.wte.weight


def needs(config):
    """The layers a GPT of this config is made of that not every library has (a dotted path under the library)."""
    return ['nn.Embedding', 'nn.LayerNorm'] + (['nn.functional.scaled_dot_product_attention'] if config.sdpa else [])


def has(torch, path):
    """Whether the library `torch` has `path` ('nn.Embedding')."""
    obj = torch
    for part in path.split('.'):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def build(torch):
    """The GPT class for `torch` = torch or minigrad: GPT(config)."""
    nn = torch.nn
    F = torch.nn.functional

    class CausalSelfAttention(nn.Module):
        def __init__(self, config):
            super().__init__()
            assert config.n_embd % config.n_head == 0
            # key, query, value projections for all heads, in a batch
            self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)
            self.c_proj = nn.Linear(config.n_embd, config.n_embd)
            self.attn_dropout = nn.Dropout(config.dropout)
            self.resid_dropout = nn.Dropout(config.dropout)
            self.n_head, self.n_embd, self.dropout = config.n_head, config.n_embd, config.dropout
            self.sdpa = config.sdpa
            if not self.sdpa:
                # the causal mask: each position attends only to itself and the positions before it
                self.register_buffer('bias', torch.tril(torch.ones(config.block_size, config.block_size))
                                     .view(1, 1, config.block_size, config.block_size))

        def forward(self, x):
            B, T, C = x.size()  # batch size, sequence length, embedding dimensionality (n_embd)
            q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
            k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
            q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
            v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
            if self.sdpa:
                y = F.scaled_dot_product_attention(q, k, v, attn_mask=None,
                                                   dropout_p=self.dropout if self.training else 0, is_causal=True)
            else:
                att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
                att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
                att = F.softmax(att, dim=-1)
                att = self.attn_dropout(att)
                y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
            y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
            return self.resid_dropout(self.c_proj(y))

    class MLP(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
            self.gelu = nn.GELU()
            self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)
            self.dropout = nn.Dropout(config.dropout)

        def forward(self, x):
            return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))

    class Block(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.ln_1 = nn.LayerNorm(config.n_embd)
            self.attn = CausalSelfAttention(config)
            self.ln_2 = nn.LayerNorm(config.n_embd)
            self.mlp = MLP(config)

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            x = x + self.mlp(self.ln_2(x))
            return x

    class GPT(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.config = config
            self.transformer = nn.ModuleDict(dict(
                wte=nn.Embedding(config.vocab_size, config.n_embd),
                wpe=nn.Embedding(config.block_size, config.n_embd),
                drop=nn.Dropout(config.dropout),
                h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
                ln_f=nn.LayerNorm(config.n_embd),
            ))
            self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
            if config.tied:
                self.transformer.wte.weight = self.lm_head.weight  # weight tying
            self.apply(self._init_weights)
            # the residual projections get a smaller init, scaled by the depth (GPT-2's)
            for pn, p in self.named_parameters():
                if pn.endswith('c_proj.weight'):
                    nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

        def _init_weights(self, module):
            if isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Embedding):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)

        def forward(self, idx, targets=None):
            """(logits of shape (b, t, vocab_size), the mean cross-entropy against `targets` or None)."""
            b, t = idx.size()
            assert t <= self.config.block_size, f'Cannot forward sequence of length {t}, block size is only ' \
                                                f'{self.config.block_size}'
            pos = torch.arange(0, t, dtype=torch.long, device=idx.device)  # shape (t)
            tok_emb = self.transformer.wte(idx)  # token embeddings of shape (b, t, n_embd)
            pos_emb = self.transformer.wpe(pos)  # position embeddings of shape (t, n_embd)
            x = self.transformer.drop(tok_emb + pos_emb)
            for block in self.transformer.h:
                x = block(x)
            x = self.transformer.ln_f(x)
            logits = self.lm_head(x)
            loss = None
            if targets is not None:
                loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
            return logits, loss

        def configure_optimizers(self, weight_decay, learning_rate, betas):
            """AdamW with weight decay on the 2-d parameters (matrices, embeddings) and none on biases and
            LayerNorm weights."""
            params = [p for p in self.parameters() if p.requires_grad]
            optim_groups = [{'params': [p for p in params if p.dim() >= 2], 'weight_decay': weight_decay},
                            {'params': [p for p in params if p.dim() < 2], 'weight_decay': 0.0}]
            return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=betas)

        @torch.no_grad()
        def generate(self, idx, max_new_tokens, temperature=1.0, greedy=False, generator=None):
            """Extend the (b, t) token indices `idx` by max_new_tokens, feeding each prediction back in (the last
            block_size tokens): the most likely next token if `greedy`, else a draw from softmax(logits /
            temperature) by multinomial with `generator`."""
            for _ in range(max_new_tokens):
                idx_cond = idx if idx.size(1) <= self.config.block_size else idx[:, -self.config.block_size:]
                logits, _ = self(idx_cond)
                logits = logits[:, -1, :] / temperature
                if greedy:
                    idx_next = logits.argmax(dim=-1, keepdim=True)
                else:
                    probs = F.softmax(logits, dim=-1)
                    idx_next = torch.multinomial(probs, num_samples=1, generator=generator)
                idx = torch.cat((idx, idx_next), dim=1)
            return idx

    return GPT


# nanoGPT's optimizer settings for its character-level model
learning_rate = 1e-3
min_lr = 1e-4
weight_decay = 0.1
betas = (0.9, 0.99)
grad_clip = 1.0


def training(torch, model, steps):
    """(optimizer, scheduler, update): AdamW as configure_optimizers sets it up, the learning rate annealed from
    learning_rate to min_lr over `steps` steps along a cosine, and update() clipping the gradients' total norm to
    grad_clip, then stepping both."""
    optimizer = model.configure_optimizers(weight_decay, learning_rate, betas)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps, eta_min=min_lr)

    def update():
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        optimizer.step()
        scheduler.step()
    return optimizer, scheduler, update


def train(torch, model, text, steps, batch_size=16, seed=0, device='cpu', progress=iter):
    """Train `model` for `steps` steps on random windows of `text` (a Text; numpy's generator with `seed` picks
    them, so both libraries see the same batches); returns the loss of each step. `progress` wraps the loop over
    the steps (tqdm, say)."""
    optimizer, _, update = training(torch, model, steps)
    rng = np.random.default_rng(seed)
    losses = []
    model.train()
    for _ in progress(range(steps)):
        x, y = (torch.tensor(a, device=device) for a in text.batch(rng, batch_size, model.config.block_size))
        optimizer.zero_grad(set_to_none=True)
        _, loss = model(x, y)
        loss.backward()
        update()
        losses.append(loss.item())
    return losses


def write(torch, model, text, prompt, max_new_tokens, greedy=True, seed=None, device='cpu'):
    """The prompt continued by the model: greedily, or sampled with a generator seeded with `seed`."""
    model.eval()
    idx = torch.tensor(text.encode(prompt)[None], device=device)
    generator = None if seed is None else torch.Generator(device=device).manual_seed(seed)
    out = model.generate(idx, max_new_tokens, greedy=greedy, generator=generator)
    return text.decode(out[0].tolist())
