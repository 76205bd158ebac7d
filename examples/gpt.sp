# A GPT-style decoder (token and position embeddings, n_layer pre-norm blocks, a final
# LayerNormalization, and an output projection tied to the token embedding), and Kaplan et
# al.'s (2020) count of the same network without biases and layer norms.
# GPT-2 small's sizes (n_vocab=50257, n_ctx=1024, d_model=768, 12 layers, 12 heads).

use stdlib.gpt

model gpt(n_layer=12, d_model=768, n_heads=12, d_ff=3072, n_vocab=50257, n_ctx=1024):
    assume d_model % n_heads == 0
    tokens = Input(shape=(n_ctx,))
    t = Embedding(n_vocab, d_model, name="token_embedding")(tokens)
    p = Embedding(n_ctx, d_model, name="position_embedding")(tokens)
    Add()(t, p)
    GPTBlock(d_model, n_heads, d_ff) * n_layer
    LayerNormalization(epsilon=1e-5)
    Dense(n_vocab, use_bias=False, tied_to="token_embedding")

# Kaplan et al. (2020), Table 1: N = 2 d_model n_layer (2 d_attn + d_ff) parameters
# outside the embeddings, plus (n_vocab + n_ctx) d_model in them (d_attn = d_model here).
model gpt_kaplan(n_layer=12, d_model=768, n_heads=12, d_ff=3072, n_vocab=50257, n_ctx=1024):
    assume d_model % n_heads == 0
    tokens = Input(shape=(n_ctx,))
    t = Embedding(n_vocab, d_model, name="token_embedding")(tokens)
    p = Embedding(n_ctx, d_model, name="position_embedding")(tokens)
    Add()(t, p)
    KaplanBlock(d_model, n_heads, d_ff) * n_layer
    Dense(n_vocab, use_bias=False, tied_to="token_embedding")

# The same model from the standard library's GPT block, in one line.
model gpt_stdlib(n_layer=12, d_model=768, n_heads=12, d_ff=3072, n_vocab=50257, n_ctx=1024):
    assume d_model % n_heads == 0
    Input(shape=(n_ctx,))
    GPT(n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx)
