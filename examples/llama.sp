# A Llama-style decoder (Touvron et al. 2023; Llama 3, Grattafiori et al. 2024): token
# embeddings, n_layer pre-norm blocks of grouped-query attention and a SwiGLU feed-forward,
# a final norm, and an output projection to the vocabulary. No biases anywhere; rotary
# position embeddings have no weights, so no position table.
#
# The norms are RMS norms: one scale vector of d_model each.
#
# The output projection is the token embedding's reverse call (ReversibleEmbedding's
# layer(x, reverse=True)), written as a Dense tied to it: with tie_weights=False the
# embedding owns a second, vocab × d_model matrix for it (Llama 3 8B), with
# tie_weights=True it reuses the embedding matrix (Llama 3.2 1B).

# One block: x + attention(norm(x)), then + down(silu(gate(h)) * up(h)) with h = norm(.).
block LlamaBlock(d_model, n_heads, n_kv_heads, d_ff)(x):
    RMSNormalization(epsilon=1e-5)(x)
    a = GroupQueryAttention(d_model // n_heads, n_heads, n_kv_heads, use_bias=False)
    r = Add()(x, a)
    h = RMSNormalization(epsilon=1e-5)(r)
    g = Dense(d_ff, activation="silu", use_bias=False)(h)
    u = Dense(d_ff, use_bias=False)(h)
    Multiply()(g, u)
    f = Dense(d_model, use_bias=False)
    Add()(r, f)

# Embedding, n_layer blocks, final norm, output projection; tie says whether the output
# projection reuses the embedding matrix.
block Llama(n_layer, d_model, n_heads, n_kv_heads, d_ff, vocab, tie)(tokens):
    ReversibleEmbedding(vocab, d_model, tie_weights=tie, name="token_embedding")(tokens)
    LlamaBlock(d_model, n_heads, n_kv_heads, d_ff) * n_layer
    RMSNormalization(epsilon=1e-5)
    Dense(vocab, use_bias=False, tied_to="token_embedding")

# Llama 3 8B's published configuration: untied output embedding.
model llama(n_layer=32, d_model=4096, n_heads=32, n_kv_heads=8 as "n_{\\mathrm{kv}}",
            d_ff=14336, vocab=128256, n_ctx=8192):
    assume d_model % n_heads == 0
    assume n_heads % n_kv_heads == 0
    tokens = Input(shape=(n_ctx,))
    Llama(n_layer, d_model, n_heads, n_kv_heads, d_ff, vocab, False)(tokens)

# Llama 3.2 1B's published configuration: the output projection tied to the embedding.
model llama_tied(n_layer=16, d_model=2048, n_heads=32, n_kv_heads=8 as "n_{\\mathrm{kv}}",
                 d_ff=8192, vocab=128256, n_ctx=8192):
    assume d_model % n_heads == 0
    assume n_heads % n_kv_heads == 0
    tokens = Input(shape=(n_ctx,))
    Llama(n_layer, d_model, n_heads, n_kv_heads, d_ff, vocab, True)(tokens)
