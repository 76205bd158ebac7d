# Transformer layers with Keras conventions (keras_hub's TransformerEncoder/Decoder, post-norm):
# MultiHeadAttention(num_heads=heads, key_dim=d // heads), residual Add, LayerNormalization,
# and a feed-forward pair Dense(ff, relu) -> Dense(d). Dropout has no parameters and is left out.
#
#     use stdlib.transformer
#     TransformerEncoder(d, heads, 4*d) * L

block TransformerEncoder(d, heads, ff)(x):
    a = MultiHeadAttention(num_heads=heads, key_dim=d // heads)(x, x)
    Add()(x, a)
    y = LayerNormalization(epsilon=1e-5)
    Dense(ff, activation="relu")
    f = Dense(d)
    Add()(y, f)
    LayerNormalization(epsilon=1e-5)

# Self-attention, then cross-attention over the encoder's output `context`, then the
# feed-forward pair; each followed by a residual Add and LayerNormalization.
block TransformerDecoder(d, heads, ff)(x, context):
    a = MultiHeadAttention(num_heads=heads, key_dim=d // heads)(x, x)
    Add()(x, a)
    y = LayerNormalization(epsilon=1e-5)
    c = MultiHeadAttention(num_heads=heads, key_dim=d // heads)(y, context)
    Add()(y, c)
    z = LayerNormalization(epsilon=1e-5)
    Dense(ff, activation="relu")
    f = Dense(d)
    Add()(z, f)
    LayerNormalization(epsilon=1e-5)

# The pre-norm variant (GPT-2 and most recent models): normalise before each sub-layer.
block PreNormEncoder(d, heads, ff, bias=True)(x):
    LayerNormalization(epsilon=1e-5)(x)
    a = MultiHeadAttention(num_heads=heads, key_dim=d // heads, use_bias=bias)
    r = Add()(x, a)
    LayerNormalization(epsilon=1e-5)
    Dense(ff, activation="gelu", use_bias=bias)
    f = Dense(d, use_bias=bias)
    Add()(r, f)
