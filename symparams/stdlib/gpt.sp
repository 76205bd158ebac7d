# GPT-style decoder-only language models (Radford et al. 2018/2019), Keras conventions.
#
#     use stdlib.gpt
#     model gpt(n_layer=12, d_model=768, n_heads=12, d_ff=3072, n_vocab=50257, n_ctx=1024):
#         Input(shape=(n_ctx,))
#         GPT(n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx)
#
# The position embedding is a table of n_ctx vectors, looked up by position (0 .. n_ctx-1):
# written as an Embedding applied to the token ids, it has the same shape and count.
# Causal masking changes no count.

# One pre-norm decoder block: x + attention(norm(x)), then + feed-forward(norm(.)).
block GPTBlock(d, heads, ff)(x):
    LayerNormalization(epsilon=1e-5)(x)
    a = MultiHeadAttention(num_heads=heads, key_dim=d // heads)
    r = Add()(x, a)
    LayerNormalization(epsilon=1e-5)
    Dense(ff, activation="gelu")
    f = Dense(d)
    Add()(r, f)

# Kaplan et al. (2020) count: no biases and no layer norms.
block KaplanBlock(d, heads, ff)(x):
    a = MultiHeadAttention(num_heads=heads, key_dim=d // heads, use_bias=False)(x)
    r = Add()(x, a)
    Dense(ff, activation="gelu", use_bias=False)
    f = Dense(d, use_bias=False)
    Add()(r, f)

# Token and position embeddings added, n_layer blocks, a final norm and an output projection
# tied to the token embedding (its matrix, transposed: no new parameters).
block GPT(n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx)(tokens):
    t = Embedding(n_vocab, d_model, name="token_embedding")(tokens)
    p = Embedding(n_ctx, d_model, name="position_embedding")(tokens)
    Add()(t, p)
    GPTBlock(d_model, n_heads, d_ff) * n_layer
    LayerNormalization(epsilon=1e-5)
    Dense(n_vocab, use_bias=False, tied_to="token_embedding")

# The same with an untied output projection (a Dense of its own, without bias).
block GPTUntied(n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx)(tokens):
    t = Embedding(n_vocab, d_model)(tokens)
    p = Embedding(n_ctx, d_model)(tokens)
    Add()(t, p)
    GPTBlock(d_model, n_heads, d_ff) * n_layer
    LayerNormalization(epsilon=1e-5)
    Dense(n_vocab, use_bias=False)
