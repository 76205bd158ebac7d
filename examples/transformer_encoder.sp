# One Transformer encoder layer (Vaswani et al., 2017), written layer by layer as a chain:
# token and vector sizes T and d, multi-head self-attention with h heads of d // h,
# layer normalization, a feed-forward block of width f, layer normalization again.
# (The residual connections of the paper need branches, which the chain does not have yet;
# they add no parameters.) With the values below Keras reports 790,274 parameters.
model transformer_encoder(T=128, d=256, h=8, f=1024, n=2):
    Input(shape=(T, d))
    MultiHeadAttention(num_heads=h, key_dim=d // h)
    Dropout(0.1)
    LayerNormalization(epsilon=1e-6)
    Dense(f, activation="relu")
    Dense(d)
    Dropout(0.1)
    LayerNormalization(epsilon=1e-6)
    GlobalAveragePooling1D()
    Dense(n, activation="softmax")
