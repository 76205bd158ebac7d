# An encoder-decoder Transformer body from the standard library (Vaswani et al. 2017,
# "base": d=512, 8 heads, d_ff=2048, 6 + 6 layers, without embeddings), with Keras
# conventions: MultiHeadAttention(num_heads=h, key_dim=d // h), LayerNormalization, Dense.
# The decoder's second attention reads the encoder's output (cross-attention).

use stdlib.transformer

model transformer(d=512, h=8, ff=2048, N=6, S=64, T=48):
    assume d % h == 0
    src = Input(shape=(S, d))
    memory = TransformerEncoder(d, h, ff) * N
    # The model has one input; a projection of it stands in for the target embeddings.
    target = Dense(d)(src)
    TransformerDecoder(d, h, ff)(target, memory) * N
